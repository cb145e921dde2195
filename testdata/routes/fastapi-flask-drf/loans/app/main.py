from fastapi import FastAPI, Depends
import httpx

from app.core.config import settings
from app.routers import applications
from .routers.admin import router as admin_router

app = FastAPI(title="loans", docs_url=None)

app.include_router(applications.router, prefix=settings.API_V1_STR)
app.include_router(admin_router, prefix="/admin", tags=["admin"])


@app.get("/ping")  # route: GET /ping
def ping():
    return {"ok": True}


# @app.delete("/loans/{loan_id}")
@app.post("/loans/{loan_id}/repayments", summary="还款", tags=["repayments"])  # route: POST /loans/{loan_id}/repayments
async def repay(loan_id: str, body: RepaymentRequest, user=Depends(get_current_user)):
    # A call to the core system, not a route.
    return httpx.post(f"{settings.CORE_URL}/loans/{loan_id}/repay")
