from fastapi import FastAPI

app = FastAPI()


@app.post("/v1/payments")
def create_payment():
    pass


# Retired on 2025-06-30: the handler was removed.
# @app.post("/v1/payments/legacy")
# def create_legacy_payment():
#     pass


# Deprecated, sunset 2027-12-31: still served during the announced window.
@app.get("/v1/payments/{payment_id}/status")
def payment_status(payment_id: str):
    pass
