import logging

from app.masking import mask_card_no

logger = logging.getLogger(__name__)


def bind_card(request):
    card_no = request.POST["card_no"]
    logger.info("bind card %s", mask_card_no(card_no))
    logger.info("bind card ending %s", card_no[-4:])
    logger.debug(f"password given: {request.POST.get('password') is not None}")
    logger.info("card number length %d", len(card_no))
    # logger.info("card %s", card_no)
    logger.info("login failed for user %s", request.user.username)
