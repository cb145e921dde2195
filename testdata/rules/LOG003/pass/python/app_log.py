from logging.handlers import RotatingFileHandler, TimedRotatingFileHandler

timed = TimedRotatingFileHandler("/data/logs/app/app.log", when="midnight", backupCount=180)
unrotated = RotatingFileHandler("/data/logs/app/debug.log")
