import logging

logger = logging.getLogger(__name__)


def bind_card(request):
    card_no = request.POST["card_no"]
    id_no = request.POST["id_no"]
    logger.info("bind card %s for %s", card_no, id_no)  # expect: LOG004
    logger.debug(f"sms verification for mobile {request.user.mobile}")  # expect: LOG004
    logging.warning("login failed, password=%s", request.POST.get("password"))
    trade_pwd = request.POST["trade_pwd"]
    logger.info("pay with %s",
                trade_pwd)  # expect: LOG004
