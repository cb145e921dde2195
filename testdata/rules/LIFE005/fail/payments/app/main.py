from fastapi import FastAPI

app = FastAPI()


@app.post("/v1/payments")
def create_payment():
    pass


@app.post("/v1/payments/legacy")  # expect: LIFE005
def create_legacy_payment():
    pass


@app.get("/v1/payments/{payment_id}/status")  # expect: LIFE005
def payment_status(payment_id: str):
    pass
