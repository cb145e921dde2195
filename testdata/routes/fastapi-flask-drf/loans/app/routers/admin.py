from fastapi import APIRouter

router = APIRouter()


@router.put("/rates")  # route: PUT /admin/rates
def put_rates():
    pass
