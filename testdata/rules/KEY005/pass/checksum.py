import hashlib

def file_digest(path):
    with open(path, 'rb') as f:
        return hashlib.md5(f.read()).hexdigest()
