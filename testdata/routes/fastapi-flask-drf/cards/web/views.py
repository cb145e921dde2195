from flask import Blueprint

bp = Blueprint("views", __name__, url_prefix="/v")


@bp.get("/terms")  # route: GET /v/terms
def terms():
    pass
