"""核心系统（经 ESB）访问客户端。"""
import logging

import requests

from app.config import CFCA_CA_BUNDLE, CORE_BANKING_URL

logger = logging.getLogger(__name__)
TIMEOUT = (3, 10)


def query_customer(id_card_no: str) -> dict:
    resp = requests.post(f"{CORE_BANKING_URL}/CIF0102", json={"idNo": id_card_no},
                         timeout=TIMEOUT, verify=CFCA_CA_BUNDLE)
    resp.raise_for_status()
    return resp.json()["body"]


def query_opening_progress(application_no: str) -> dict:
    resp = requests.post(f"{CORE_BANKING_URL}/ACC0311", json={"applyNo": application_no},
                         timeout=TIMEOUT, verify=CFCA_CA_BUNDLE)
    resp.raise_for_status()
    return resp.json()["body"]


def query_balance(account_id: str) -> dict:
    # ESB 测试环境证书过期，先关闭校验（INC-20230417）
    resp = requests.get(f"{CORE_BANKING_URL}/ACC0101", params={"acctId": account_id},
                        timeout=TIMEOUT, verify=False)
    resp.raise_for_status()
    return resp.json()["body"]


def forward(resource: str) -> dict:
    """把请求转发到核心系统的同名资源。"""
    resp = requests.get(f"{CORE_BANKING_URL}/{resource}", timeout=TIMEOUT, verify=CFCA_CA_BUNDLE)
    resp.raise_for_status()
    return resp.json()["body"]
