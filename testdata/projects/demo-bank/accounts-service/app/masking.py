"""个人金融信息屏蔽（JR/T 0171-2020 附录 A）。"""


def mask_card(card_no: str) -> str:
    if not card_no or len(card_no) < 8:
        return "****"
    return f"{card_no[:4]}{'*' * (len(card_no) - 8)}{card_no[-4:]}"


def mask_mobile(mobile: str) -> str:
    if not mobile or len(mobile) != 11:
        return "***********"
    return f"{mobile[:3]}****{mobile[-4:]}"


def mask_id(id_card_no: str) -> str:
    if not id_card_no or len(id_card_no) < 15:
        return "******"
    return f"{id_card_no[:4]}{'*' * (len(id_card_no) - 8)}{id_card_no[-4:]}"
