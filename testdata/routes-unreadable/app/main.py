from fastapi import FastAPI

app = FastAPI()


@app.get("/balances")  # route: GET /balances
def balances():
    return {"items": [1, 2, 3


@app.post("/balances/refresh")  # route: POST /balances/refresh
def refresh():
    """Never closed.
    return None
