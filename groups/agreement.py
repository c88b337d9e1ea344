"""The group agreement every member accepts before joining; facilitators may adapt it per group."""

from django.utils.translation import gettext_lazy as _

DEFAULT_AGREEMENT = _(
    "- **What is said here stays here.** Share your own story outside the group, never anyone else's.\n"
    "- **Listen without judgement.** Everyone's experience is real to them.\n"
    "- **No unsolicited advice.** Ask before suggesting; many people just want to be heard.\n"
    "- **No screenshots or recordings** of posts or sessions.\n"
    "- **Share the space.** Leave room for quieter voices, and it is fine to just listen.\n"
    "- If you are worried that someone is at risk, use *Report* and choose “Someone may be at risk”."
)
