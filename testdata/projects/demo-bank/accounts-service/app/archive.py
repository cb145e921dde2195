"""电子对账单归档：每日把生成的 PDF 对账单上传到对象存储（兼容 S3 协议的灾备桶）。"""
import datetime
import logging
import os

import boto3

logger = logging.getLogger(__name__)

s3 = boto3.client(
    "s3",
    region_name="ap-east-1",
    aws_access_key_id="AKIA6NHLVEOBVIZPNIRS",
    aws_secret_access_key="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",
)
BUCKET = os.environ.get("STATEMENT_BUCKET", "lanhai-statement-dr")


def archive_statements(directory: str, day: datetime.date) -> int:
    count = 0
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".pdf"):
            continue
        key = f"statements/{day:%Y/%m/%d}/{name}"
        s3.upload_file(os.path.join(directory, name), BUCKET, key)
        count += 1
    logger.info("archived %d statements for %s", count, day)
    return count
