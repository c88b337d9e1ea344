"""The training app's part of a person's data, and its audit actions in plain words. Everything here is
the learner's own: exported to them, erased with them."""

from django.utils.translation import gettext_lazy as _

from peersupport.core.personal_data import ACTION_LABELS, Section, register
from training.models import (
    Certificate,
    ModuleProgress,
    PracticeResponse,
    QuizAttempt,
    SupporterProfile,
    Topic,
)


def _when(moment):
    return moment.isoformat() if moment else None


def _learning(user):
    return {
        "modules": [
            {
                "module": p.module.title,
                "started": _when(p.started_at),
                "lessons_read": len(p.lessons_read),
                "best_score": p.best_score,
                "quiz_passed": _when(p.quiz_passed_at),
                "practice_done": _when(p.practice_done_at),
                "completed": _when(p.completed_at),
            }
            for p in ModuleProgress.objects.filter(user=user).select_related("module")
        ],
        "quiz_attempts": [
            {
                "module": a.module.title,
                "submitted": _when(a.submitted_at),
                "score": a.score,
                "passed": a.passed,
                "answers": [
                    {
                        "question": q["text"],
                        "your_answers": [
                            o["text"] for o in q["options"] if o["id"] in a.answers.get(str(q["id"]), ())
                        ],
                    }
                    for q in a.scored_against["questions"]
                ],
            }
            for a in QuizAttempt.objects.filter(user=user).select_related("module")
        ],
        "practice_replies": [
            {"module": r.module.title, "written": _when(r.created_at), "text": r.text}
            for r in PracticeResponse.objects.filter(user=user).select_related("module")
        ],
    }


def _supporter(user):
    certificate = Certificate.objects.filter(user=user).first()
    profile = SupporterProfile.objects.filter(user=user).prefetch_related("topics").first()
    return {
        "certificate": {
            "issued": _when(certificate.issued_at),
            "renewed": _when(certificate.renewed_at),
            "expires": _when(certificate.expires_at),
            "verification_link_shows_you": certificate.verification_allowed,
        }
        if certificate
        else None,
        "supporter_choices": {
            "show_badge": profile.show_badge,
            "in_directory": profile.in_directory,
            "topics": [str(Topic(t.topic).label) for t in profile.topics.all()],
            "available": profile.available,
            "back_on": profile.paused_until.isoformat() if profile.paused_until else None,
        }
        if profile
        else None,
    }


def _erase_learning(user, keep_posts):
    QuizAttempt.objects.filter(user=user).delete()
    PracticeResponse.objects.filter(user=user).delete()
    ModuleProgress.objects.filter(user=user).delete()


def _erase_supporter(user, keep_posts):
    SupporterProfile.objects.filter(user=user).delete()
    Certificate.objects.filter(user=user).delete()


register(
    Section(
        "training",
        str(_("Your training")),
        ("training.moduleprogress", "training.quizattempt", "training.practiceresponse"),
        export=_learning,
        erase=_erase_learning,
        who_can_see=lambda user: str(_("Only you. Not facilitators, HR, programme leads or site admins.")),
    )
)
register(
    Section(
        "peer_supporter",
        str(_("Your peer-supporter certificate and choices")),
        ("training.certificate", "training.supporterprofile"),
        export=_supporter,
        erase=_erase_supporter,
        who_can_see=lambda user: str(
            _(
                "Facilitators and programme leads see that you hold a current certificate and when it "
                "expires; colleagues see you in the directory, and the verification link shows you, only "
                "if you choose."
            )
        ),
    )
)

ACTION_LABELS.update(
    {
        "training.certificate.issued": _("You became a peer supporter: your certificate was issued"),
        "training.certificate.renewed": _("A refresher renewed your peer-supporter certificate"),
        "training.certificate.shared": _("You let your certificate's verification link show you"),
        "training.certificate.unshared": _("You stopped your certificate's verification link showing you"),
        "training.supporter.updated": _("You changed how you appear as a peer supporter"),
    }
)
