import requests

resp = requests.get(URL, timeout=5, verify=False)  # expect: KEY006
