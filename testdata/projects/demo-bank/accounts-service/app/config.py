"""运行配置：全部来自环境变量，密钥由 Vault Agent 注入。"""
import os

APP_ID = os.environ.get("APP_ID", "LHACCT0001")
APP_SECRET = os.environ["APP_SECRET"]
DB_URL = "mysql+pymysql://{user}:{password}@{host}:3306/lanhai_acct".format(
    user=os.environ.get("DB_USER", "acct_app"),
    password=os.environ["DB_PASSWORD"],
    host=os.environ.get("DB_HOST", "127.0.0.1"),
)
CORE_BANKING_URL = os.environ.get("CORE_BANKING_URL", "https://esb.lanhaibank.local:8443/esb/rest")
CFCA_CA_BUNDLE = os.environ.get("CFCA_CA_BUNDLE", "/etc/lanhai/ca/cfca-root.pem")
LOG_DIR = os.environ.get("LOG_DIR", "/data/logs/accounts-service")
