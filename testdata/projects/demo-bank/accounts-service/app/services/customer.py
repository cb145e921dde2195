"""客户信息服务。"""
import logging

from app.clients import core_banking
from app.masking import mask_id, mask_mobile

logger = logging.getLogger(__name__)


def get_profile(id_card_no: str) -> dict:
    logger.info("id_card=%s", id_card_no)
    profile = core_banking.query_customer(id_card_no)
    return {
        "customerId": profile["custNo"],
        "name": "*" + profile["custName"][1:],
        "mobile": mask_mobile(profile["mobile"]),
        "riskLevel": profile.get("riskLevel", "R1"),
    }


def get_opening_progress(application_no: str) -> dict:
    progress = core_banking.query_opening_progress(application_no)
    logger.info("opening progress %s id_card=%s", application_no, mask_id(progress["idNo"]))
    return {
        "applicationNo": application_no,
        "stage": progress["stage"],
        "idCardNo": mask_id(progress["idNo"]),
        "mobile": mask_mobile(progress["mobile"]),
    }
