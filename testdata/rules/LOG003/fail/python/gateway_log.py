import logging
from logging.handlers import RotatingFileHandler

handler = RotatingFileHandler("/data/logs/gateway/access.log",
                              maxBytes=100 * 1024 * 1024, backupCount=10)  # expect: LOG003
logging.getLogger("gateway.access").addHandler(handler)
