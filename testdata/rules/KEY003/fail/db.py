import pymysql

conn = pymysql.connect(host="10.20.1.5", user="ledger", password="Ldg#2024py")  # expect: KEY003
REDIS_URL = "redis://cache:Rd9xQ2wE7@10.20.1.8:6379/0"  # expect: KEY003
