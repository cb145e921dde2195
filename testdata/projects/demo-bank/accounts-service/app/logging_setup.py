"""日志初始化。

优先读取 logging.yaml（dictConfig）；找不到配置文件时（例如批处理脚本单独运行）
退回到 setup_fallback_logging 的按天滚动文件日志。
"""
import contextvars
import logging
import logging.config
import logging.handlers
import os

import yaml

from app.config import LOG_DIR

request_id_var = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.app_id = getattr(record, "app_id", "-")
        record.api_id = getattr(record, "api_id", "-")
        return True


def setup_logging(path: str = "logging.yaml") -> None:
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            logging.config.dictConfig(yaml.safe_load(fh))
    else:
        setup_fallback_logging()


def setup_fallback_logging() -> None:
    os.makedirs(LOG_DIR, exist_ok=True)
    filename = os.path.join(LOG_DIR, "app.log")
    handler = logging.handlers.TimedRotatingFileHandler(filename, when='midnight', backupCount=30)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s - %(message)s"))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
