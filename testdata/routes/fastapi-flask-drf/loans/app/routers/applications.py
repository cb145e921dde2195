from fastapi import APIRouter

router = APIRouter(prefix="/applications")


@router.get("/")  # route: GET /api/v1/applications
def list_applications(status: str = None):
    pass


@router.get("/{application_id}", deprecated=True)  # route: GET /api/v1/applications/{application_id}
def get_application(application_id: int):
    pass


@router.api_route("/{application_id}/documents", methods=["PUT", "PATCH"])  # route: PUT /api/v1/applications/{application_id}/documents, PATCH /api/v1/applications/{application_id}/documents
def upload(application_id: int):
    pass
