"""The embedded default's message broker: kombu's filesystem transport, made safe for a worker to read.

kombu writes a message file under its final name and the worker may pick it up half-written; it then
fails to decode it and the worker dies. Here a message is written under a name the worker ignores and
renamed into place in one step, and a message that still cannot be read is logged and skipped: the
notification row it was about stays the truth, and the sweeper hands it to the dispatcher again.
"""

import logging
import os
import uuid
from time import monotonic

from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

logger = logging.getLogger(__name__)


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + ".part"  # "….msg.part" does not match the "<queue>.msg" that _get looks for
        with open(partial, "wb") as handle:
            handle.write(str_to_bytes(dumps(payload)))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, final)

    def _get(self, queue):
        while True:
            try:
                return super()._get(queue)
            except ValueError:  # JSONDecodeError and other undecodable payloads; the file is gone already
                logger.exception("Skipped a malformed message on the %s queue.", queue)


class Transport(filesystem.Transport):
    Channel = Channel
