from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    API_V1_STR: str = "/api/v1"
    CORE_URL: str = "http://core.internal"


settings = Settings()
