import logging
from logging.handlers import RotatingFileHandler

handler = RotatingFileHandler("/data/logs/gateway/access.log",  # expect: LOG003
                              maxBytes=100 * 1024 * 1024, backupCount=10)
logging.getLogger("gateway.access").addHandler(handler)
