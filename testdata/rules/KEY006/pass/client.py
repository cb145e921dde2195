import requests

resp = requests.get(URL, timeout=5, verify=CA_BUNDLE)
