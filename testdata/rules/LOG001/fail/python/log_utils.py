"""风控评分服务日志工具。"""
import logging
import os
from logging.handlers import TimedRotatingFileHandler
import logging.handlers

LOG_DIR = os.environ.get("RISK_LOG_DIR", "/data/logs/risk-score")
BACKUPS = 45


def build_app_handler():
    # 位置参数：filename, when, interval, backupCount
    handler = TimedRotatingFileHandler(os.path.join(LOG_DIR, "app.log"), "midnight", 1, 30)  # expect: LOG001
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    return handler


def build_hourly_handler():
    return logging.handlers.TimedRotatingFileHandler(
        filename=os.path.join(LOG_DIR, "score.log"),
        when="H",
        interval=1,
        backupCount=72,  # expect: LOG001
        encoding="utf-8",
    )


def build_constant_handler():
    handler = TimedRotatingFileHandler(os.path.join(LOG_DIR, "rules.log"), when="D", backupCount=BACKUPS)  # expect: LOG001
    return handler


def build_env_handler():
    # 保留份数来自环境变量：未知，提示级别
    keep = TimedRotatingFileHandler(
        os.path.join(LOG_DIR, "model.log"),
        when="midnight",
        backupCount=int(os.environ.get("MODEL_LOG_BACKUPS", "30")),  # expect: LOG001
    )
    return keep
