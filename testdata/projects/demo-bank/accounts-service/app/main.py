"""账户服务入口（FastAPI）。接口定义见 openapi/accounts.json。"""
import uuid

from fastapi import FastAPI, Header, Request

from app.clients import core_banking
from app.logging_setup import request_id_var, setup_logging
from app.services import customer

setup_logging()
app = FastAPI(title="accounts-service", docs_url=None, redoc_url=None, openapi_url=None)


@app.middleware("http")
async def bind_request_id(request: Request, call_next):
    request_id_var.set(request.headers.get("X-Request-Id") or uuid.uuid4().hex)
    return await call_next(request)


@app.get("/v1/accounts/{account_id}/balance")
def get_balance(account_id: str, x_request_id: str = Header(...)):
    body = core_banking.query_balance(account_id)
    return {
        "availableBalance": {"value": body["availBal"], "currency": body.get("ccy", "CNY")},
        "ledgerBalance": {"value": body["ledgerBal"], "currency": body.get("ccy", "CNY")},
        "asOf": body["queryTime"],
    }


@app.get("/v1/customers/{id_card_no}/profile")
def get_customer_profile(id_card_no: str, x_request_id: str = Header(...)):
    return customer.get_profile(id_card_no)


@app.get("/v1/account-opening/progress")
def get_opening_progress(applicationNo: str):
    return customer.get_opening_progress(applicationNo)
