import os
APP_SECRET = os.environ["APP_SECRET"]
DB_PASSWORD = os.getenv("DB_PASSWORD", "")
password_field = "password"
