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


# 以下接口的业务逻辑由核心系统提供，此处仅做转发。


@app.get("/v1/products/personal-current-accounts")
def list_current_account_products():
    return core_banking.forward("products/pca")


@app.get("/v1/branches")
def list_branches(city: str = None):
    return core_banking.forward("branches")


@app.get("/v1/branches/tree")
def branch_tree():
    return core_banking.forward("branches/tree")


@app.get("/v1/atms")
def list_atms(city: str = None):
    return core_banking.forward("atms")


@app.get("/v1/accounts")
def list_accounts(x_request_id: str = Header(...)):
    return core_banking.forward("accounts")


@app.post("/v1/accounts/balance/get")
def query_balance_rpc(request: Request):
    return core_banking.forward("accounts/balance")


@app.get("/v1/accounts/{account_id}/transactions")
def list_transactions(account_id: str, startDate: str = None, endDate: str = None):
    return core_banking.forward(f"accounts/{account_id}/transactions")


@app.get("/v1/accounts/{account_id}/limits")
def get_limits(account_id: str):
    return core_banking.forward(f"accounts/{account_id}/limits")


@app.post("/v1/accounts/internal-transfers")
def internal_transfer(request: Request):
    return core_banking.forward("accounts/internal-transfers")


@app.get("/v1/cards")
def list_cards():
    return core_banking.forward("cards")


@app.get("/v1/cards/lookup")
def lookup_card(cardNo: str):
    return core_banking.forward("cards/lookup")


@app.get("/v1/cards/{card_id}")
def get_card(card_id: str):
    return core_banking.forward(f"cards/{card_id}")


@app.get("/v1/cards/{card_id}/balance")
def get_card_balance(card_id: str):
    return core_banking.forward(f"cards/{card_id}/balance")


@app.get("/v1/accounts/{account_id}/frozen-amounts")
def list_frozen_amounts(account_id: str):
    return core_banking.forward(f"accounts/{account_id}/frozen-amounts")


@app.get("/v1/accounts/{account_id}/sub-accounts")
def list_sub_accounts(account_id: str):
    return core_banking.forward(f"accounts/{account_id}/sub-accounts")


@app.post("/v1/accounts/{account_id}/certificates")
def issue_certificate(account_id: str, request: Request):
    return core_banking.forward(f"accounts/{account_id}/certificates")


@app.get("/v1/accounts/{account_id}/overdraft")
def get_overdraft(account_id: str):
    return core_banking.forward(f"accounts/{account_id}/overdraft")


@app.get("/v1/accounts/{account_id}/e-statement-settings")
def get_e_statement_settings(account_id: str):
    return core_banking.forward(f"accounts/{account_id}/e-statement-settings")


@app.put("/v1/accounts/{account_id}/nickname")
def set_nickname(account_id: str, request: Request):
    return core_banking.forward(f"accounts/{account_id}/nickname")


@app.get("/v1/accounts/{account_id}/statistics")
def get_statistics(account_id: str):
    return core_banking.forward(f"accounts/{account_id}/statistics")
