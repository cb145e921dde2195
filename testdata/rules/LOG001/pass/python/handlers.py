import logging
from logging.handlers import TimedRotatingFileHandler, RotatingFileHandler

KEEP_DAYS = 180


class AuditHandler(TimedRotatingFileHandler):
    """子类定义本身不是日志配置。"""


def setup():
    daily = TimedRotatingFileHandler("/data/logs/ops/app.log", when="D", interval=1, backupCount=KEEP_DAYS)
    weekly = TimedRotatingFileHandler("/data/logs/ops/weekly.log", when="W6", backupCount=26)
    # 只保留当前文件，不轮转：不删除
    plain = RotatingFileHandler("/data/logs/ops/plain.log", maxBytes=0)
    forever = TimedRotatingFileHandler("/data/logs/ops/all.log", when="midnight")
    for handler in (daily, weekly, plain, forever):
        logging.getLogger().addHandler(handler)
