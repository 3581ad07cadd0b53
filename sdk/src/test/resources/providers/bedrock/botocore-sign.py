"""Independent SigV4 (botocore) used to cross-check the pinned Authorization headers in BedrockSigningTest.

Usage: python3 botocore-sign.py spec.json, where spec.json has url, body (a file), when (yyyymmddThhmmssZ),
headers, key, secret, optional token, region. Not run by the build.
"""
import datetime, hashlib, sys, json
from unittest import mock
import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

def sign(url, body, headers, when, key, secret, token=None, region="us-east-1"):
    req = AWSRequest(method="POST", url=url, data=body, headers=dict(headers))
    req.headers["x-amz-content-sha256"] = hashlib.sha256(body).hexdigest()
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda *a, **k: when):
        SigV4Auth(Credentials(key, secret, token), "bedrock", region).add_auth(req)
    return req.headers["Authorization"]

if __name__ == "__main__":
    spec = json.load(open(sys.argv[1]))
    body = open(spec["body"], "rb").read()
    when = datetime.datetime.strptime(spec["when"], "%Y%m%dT%H%M%SZ")
    print(sign(spec["url"], body, spec["headers"], when, spec["key"], spec["secret"], spec.get("token"), spec["region"]))
