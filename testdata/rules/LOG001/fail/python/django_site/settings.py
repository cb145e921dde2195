import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

LOGGING = {
    'version': 1,
    'disable_existing_loggers': False,
    'formatters': {
        'verbose': {'format': '{asctime} {levelname} {module} {message}', 'style': '{'},
    },
    'handlers': {
        'file': {
            'level': 'INFO',
            'class': 'logging.handlers.TimedRotatingFileHandler',
            'filename': os.path.join(BASE_DIR, 'logs', 'portal.log'),
            'when': 'midnight',
            'backupCount': 60,  # expect: LOG001
            'formatter': 'verbose',
        },
    },
    'root': {'handlers': ['file'], 'level': 'INFO'},
}
