import boto3

s3 = boto3.client(
    "s3",
    aws_access_key_id="AKIAX8FLCXZ2OTOTGUNP",  # expect: KEY004
    aws_secret_access_key="ysCW9f4CA96qeGs6R3uYEIi75qB4sA9Q0NksyRRM",  # expect: KEY004
)
