"""Writes ../EXPECTED.md, the manifest of the demo estate.

Every line number is computed here from the files by text anchors (a list of substrings searched
in order, the last one locating the line), so after editing a demo file re-run
    python3 tools/gen_expected.py && python3 tools/check_expected.py
and review the diff of EXPECTED.md. Entries are defects (d) and near-misses (n).
"""
import collections
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
P = 'payments-service/api/payments-openapi.yaml'
C = 'payments-service/api/schemas/common.yaml'
A = 'accounts-service/openapi/accounts.json'
W = 'wealth-service/api/wealth.yaml'
L = 'legacy-gateway/swagger/legacy-v1.yaml'
L2 = 'legacy-gateway/swagger/legacy-v2-draft.yaml'
NG = 'legacy-gateway/conf/nginx.conf'
RES = 'payments-service/src/main/resources/'
JAVA = 'payments-service/src/main/java/com/lanhai/pay/'
SIGN = JAVA + 'util/SignUtil.java'
HTTPC = JAVA + 'config/HttpClientConfig.java'
TC = JAVA + 'controller/TransferController.java'
PROPS = RES + 'application-prod.properties'
AYML = RES + 'application.yml'
LB = RES + 'logback-spring.xml'
ENV = 'accounts-service/.env'
KONG = 'platform/kong/kong.yaml'
SCG = 'platform/spring-gateway/application.yml'
GR = 'platform/grants/apiaudit-grants.csv'
PC = JAVA + 'controller/PaymentController.java'
WGO = 'wealth-service/main.go'
R = 'remittance-service/api/remittance-openapi.yaml'
RC = 'remittance-service/src/main/java/com/lanhai/remit/controller/RemittanceController.java'
MAINPY = 'accounts-service/app/main.py'

def locate(f, anchors, offset=0):
    lines = open(os.path.join(ROOT, f), encoding='utf-8-sig', errors='replace').read().split('\n')
    i = 0
    for idx, a in enumerate(anchors):
        while i < len(lines) and a not in lines[i]:
            i += 1
        if i >= len(lines):
            sys.exit(f'anchor not found: {f} {anchors} ({a})')
        if idx < len(anchors) - 1:
            i += 1
    # uniqueness check for single anchors: the snippet must identify the line
    n = i + offset
    return n + 1, lines[n]

# (rule, file, anchors, subject, what[, offset, snippet])
D = []
def d(rule, f, anchors, subject, what, offset=0, snippet=None):
    D.append((rule, f, anchors, subject, what, offset, snippet))
N = []
def n(rules, f, anchors, why, offset=0, snippet=None):
    N.append((rules, f, anchors, why, offset, snippet))

# ---------------- spec rules ----------------
d('SPEC001', L2, ['       parameters:'], 'whole file', 'looks like a spec (`openapi: 3.0.1` on line 1) but does not parse: `parameters:` indented one column too far; libyaml: "mapping values are not allowed here" at line 29, column 18')
d('SPEC002', P, ["#/components/schemas/RefundResult'"], 'POST /v1/payments/{paymentId}/refund', '`$ref` to a schema that does not exist (missing pointer)')
d('SPEC002', P, ['errors.yaml#/components/responses/MerchantValidationError'], 'POST /v1/merchant-applications', '`$ref` to a file that does not exist (`./schemas/errors.yaml`)')
d('SPEC003', W, ['    RiskProfile:', "$ref: '#/components/schemas/RiskAssessmentResult'"], 'components.schemas.RiskProfile', 'pure `$ref` loop RiskProfile -> RiskAssessmentResult -> RiskProfile; one finding per loop, at its lexically first `$ref` (the response `$ref` entering the loop and the second `$ref` of the loop are not separate findings)')
d('SPEC004', W, ['/nav:', '- name: startDate'], 'GET /v1/wealth/products/{productCode}/nav', 'parameter object without the required `in`')
d('SPEC004', L, ['  /rates/deposit:', '    get:'], 'GET /legacy/api/rates/deposit', 'Swagger 2.0 operation without the required `responses`')

# ---------------- ID ----------------
d('ID001', P, ['  /v1/payments/channels:', '    get:'], 'GET /v1/payments/channels (A1)', 'operation has no `x-api-id`')
d('ID002', P, ['x-api-id: opc102310202020000000006'], 'POST /v1/payments/{paymentId}/refund', 'lower-case ID (24 chars but breaks `OP` + `[0-9A-Z]`); ID002 only, no ID004/ID005')
d('ID002', A, ['"x-api-id": "OPC10231020101000000008"'], 'GET /v1/accounts/{accountId}/frozen-amounts', '23 characters (one digit short); ID002 only')
d('ID002', A, ['"x-api-id": "0PC102310201010000000009"'], 'GET /v1/accounts/{accountId}/sub-accounts', 'wrong prefix: digit zero `0P` instead of letter `OP`; ID002 only')
d('ID003', A, ['"/v1/accounts/{accountId}/balance"', '"x-api-id": "OPC102310201010000000002"'], 'GET /v1/accounts/{accountId}/balance', 'same ID as GET /v1/wealth/holdings in wealth-service (another repository); one finding at each of the two operations')
d('ID003', W, ['x-api-id: OPC102310201010000000002'], 'GET /v1/wealth/holdings', 'same ID as GET /v1/accounts/{accountId}/balance in accounts-service (copy-paste)')
d('ID004', A, ['"x-api-id": "OPC102310101010000000011"'], 'GET /v1/accounts/{accountId}/overdraft (A2)', 'level segment `01` (A1) on an operation declared A2')
d('ID005', A, ['"x-api-id": "OPC999990201010000000010"'], 'POST /v1/accounts/{accountId}/certificates', 'institution segment `C99999`, configured institution is `C10231`')

# ---------------- CLS ----------------
d('CLS001', A, ['"/v1/accounts/{accountId}/nickname"', '"put": {'], 'PUT /v1/accounts/{accountId}/nickname', 'no `x-api-level`')
d('CLS001', L, ['  /institutions/{instCode}:', '    get:'], 'GET /legacy/api/institutions/{instCode}', 'no `x-api-level` (Swagger 2.0)')
d('CLS002', A, ['"x-api-level": "B1"'], 'GET /v1/accounts/{accountId}/e-statement-settings', 'level `B1` is not in the scheme; no ID004 (the level is unknown)')
d('CLS002', W, ['x-api-level: A3'], 'POST /v1/wealth/orders/subscribe', '`A3` under the default two-level scheme; the message explains A3 and `[levels] scheme = "three-tier"`')
d('CLS003', A, ['"/v1/cards/{cardId}/balance"', '"x-api-level": "A1"'], 'GET /v1/cards/{cardId}/balance', 'balance query declared A1; evidence: path `balance`, summary 银行卡余额查询')
d('CLS003', L, ['  /transfer/submit:', 'x-api-level: A1'], 'POST /legacy/api/transfer/submit', 'transfer declared A1; evidence: path/operationId `transfer`, summary 转账提交')
d('CLS004', P, ['  /v1/merchant-applications:', 'x-api-level: A1'], 'POST /v1/merchant-applications', 'A1 operation that creates a resource (POST, 201, not a query)')
d('CLS005', A, ['"/v1/account-opening/progress"', '"x-api-level": "A1"'], 'GET /v1/account-opening/progress', 'A1 response carries `idCardNo` and `mobile` (masked, still C2: it is tied to one person); no CLS003 (no A2 function words)')
d('CLS005', A, ['"/v1/cards/{cardId}/balance"', '"x-api-level": "A1"'], 'GET /v1/cards/{cardId}/balance', 'same line as the CLS003 above: the A1 response carries C2 financial-status fields (`availableBalance`, `ledgerBalance`, `frozenAmount` via `Balance`)')
d('CLS005', L, ['  /transfer/submit:', 'x-api-level: A1'], 'POST /legacy/api/transfer/submit', 'same line as the CLS003 above: the A1 request body carries `payeeCardNo`, `payeeName`')

# ---------------- AUTH ----------------
d('AUTH001', P, ['  /v1/payments/{paymentId}/receipt:', 'security: []'], 'GET /v1/payments/{paymentId}/receipt (A2)', '`security: []` overrides the document security: no authentication at all')
d('AUTH002', A, ['"/v1/accounts/{accountId}/limits"', '"security": ['], 'GET /v1/accounts/{accountId}/limits (A2)', 'only `appKey` (apiKey header)')
d('AUTH002', L, ['  /transfer/{serialNo}:', '      security:'], 'GET /legacy/api/transfer/{serialNo} (A2)', 'only `basicAuth` (HTTP basic)')
d('AUTH003', A, ['"appSecretQuery": {'], 'components.securitySchemes.appSecretQuery', 'apiKey scheme `in: query`, name `app_secret` (reported at the scheme, once)')
d('AUTH003', L, ['- name: access_token'], 'GET /legacy/api/notice/list', 'query parameter `access_token`')
d('AUTH004', P, ['  /v1/payments/quick-pay:', '    post:'], 'POST /v1/payments/quick-pay', 'fund-moving, no `X-Signature`/signature field, no mutualTLS, no second factor')
d('AUTH005', P, ['url: http://uat-openapi'], 'servers[2]', '`http://` server that is not loopback')
d('AUTH005', L, ['schemes:', '  - http'], 'schemes', 'Swagger 2.0 `schemes` lists `http` (host api-legacy.lanhaibank.com.cn)')
d('AUTH006', A, ['"legacyPasswordOAuth": {', '"password": {'], 'components.securitySchemes.legacyPasswordOAuth', 'OAuth2 password flow (reported at the flow, once, not per operation using it)')
d('AUTH006', L, ['flow: implicit'], 'securityDefinitions.oauth2Implicit', 'OAuth2 implicit flow (Swagger 2.0 `flow: implicit`)')

# ---------------- DATA ----------------
d('DATA001', P, ['- name: payPassword'], 'POST /v1/payments/{paymentId}/confirm', 'C3 `payPassword` as a header parameter')
d('DATA001', P, ['- name: cvv2'], 'POST /v1/bind-cards', 'C3 `cvv2` as a query parameter (DATA001 only, not also AUTH003)')
d('DATA002', A, ['"/v1/customers/{idCardNo}/profile"', '"name": "idCardNo"'], 'GET /v1/customers/{idCardNo}/profile', 'C2 ID-card number as a path parameter (line of the parameter object\'s `{`; `"name": "idCardNo"` is the next line)', offset=-1, snippet='{')
d('DATA002', A, ['"/v1/cards/lookup"', '"name": "cardNo"'], 'GET /v1/cards/lookup', 'C2 card number as a query parameter (line of the parameter object\'s `{`)', offset=-1, snippet='{')
d('DATA003', A, ['"/v1/cards/{cardId}"', '"cvn2": {'], 'GET /v1/cards/{cardId}', 'C3 `cvn2` in a response schema')
d('DATA004', A, ['"/v1/cards"', '"cardNo": {'], 'GET /v1/cards', 'C2 `cardNo` in a response, no `x-masked`, no masking `pattern`')
d('DATA004', C, ['    PayeeInfo:', '        mobile:'], 'GET /v1/transfers/{transferId} (path item in common.yaml)', 'C2 `mobile` unmasked in a response schema, inside the referenced file')
d('DATA005', P, ['message: "### Error updating database'], 'POST /v1/bind-cards 500 example', 'exception name (`SQLSyntaxErrorException`), Oracle error and the SQL statement')
d('DATA005', P, ['detail: "java.lang.NullPointerException'], 'POST /v1/bind-cards 500 example', 'Java stack trace with internal class names')
d('DATA005', L, ["message: '<html>"], 'GET /legacy/api/transfer/{serialNo} 502 example', 'server version `nginx/1.18.0`')
d('DATA005', L, ["detail: 'connect() failed"], 'GET /legacy/api/transfer/{serialNo} 502 example', 'internal address `10.12.3.4:8080` and upstream path')

# ---------------- RES ----------------
d('RES001', P, ['  /v1/payments/{paymentId}:', '    get:'], 'GET /v1/payments/{paymentId} (A2)', 'no `x-rate-limit` and no `429` response')
d('RES001', A, ['"/v1/cards/{cardId}/balance"', '"get": {'], 'GET /v1/cards/{cardId}/balance (declared A1; content makes it A2)', 'no `x-rate-limit` and no `429` response; the A2 controls follow the higher of the declared and the content level, so the understated declaration (CLS003 above) bypasses none of them')
d('RES001', L, ['  /transfer/submit:', '    post:'], 'POST /legacy/api/transfer/submit (declared A1; content makes it A2)', 'no `x-rate-limit` and no `429` response; held to the A2 controls whatever its declaration, as the balance query above')
d('RES002', KONG, ['- name: accounts-service', '    plugins:', '- name: rate-limiting'], 'Kong service accounts-service', 'one service-level `rate-limiting` (100/s) shared by A1 routes (products, branches, ATMs) and A2 routes (balance, transactions)')
d('RES002', SCG, ['- id: wealth-orders', 'redis-rate-limiter.replenishRate: 50'], 'Spring Cloud Gateway route wealth-orders', 'A2 route limit (50/s) not stricter than the A1 route wealth-products (50/s)')

# ---------------- LIFE ----------------
d('LIFE001', A, ['"/v1/accounts/{accountId}/detail"', '"deprecated": true'], 'GET /v1/accounts/{accountId}/detail', 'deprecated without `x-sunset`/`Sunset` header and without `x-replacement`')
d('LIFE002', P, ["x-sunset: '2025-06-30'"], 'POST /v1/transfers/legacy', 'sunset 2025-06-30 has passed and the operation is still published')
d('LIFE003', KONG, ['- name: pay-transfer-legacy'], 'Kong route pay-transfer-legacy -> POST /v1/transfers/legacy', 'past-sunset operation still routed (no `request-termination` on the route)')
d('LIFE003', GR, ['LHMALL0001,OPC102310202010000000003,active'], 'grant LHMALL0001 -> OPC102310202010000000003 (POST /v1/transfers/legacy)', 'past-sunset operation still granted (status `active`), by unified ID')
d('LIFE004', KONG, ['- name: acct-e-statement-subscribe'], 'Kong route acct-e-statement-subscribe', 'route to `POST /v1/accounts/{accountId}/e-statements/subscription`, which no spec defines')
d('LIFE004', GR, ['LHFUND0007,GET /v1/accounts/{accountId}/e-statements,active'], 'grant LHFUND0007 -> GET /v1/accounts/{accountId}/e-statements', 'active grant for an interface no spec defines (METHOD /path form)')
d('LIFE005', TC, ['@PostMapping("/v1/transfers/legacy")'], 'POST /v1/transfers/legacy (`TransferController.createLegacy`)', 'sunset 2025-06-30 has passed in payments-openapi.yaml and the code still maps the operation; reported at the mapping, naming the spec operation')

# ---------------- INV (code against specs) ----------------
d('INV001', RC, ['@PostMapping("/outbound-transfers")'], 'POST /remittance/v1/outbound-transfers (`RemittanceController.transferAbroad`)', 'served by remittance-service but declared in no spec (its spec is stale): high, inferred A2 from path `transfer` and `@Operation(summary = "转账")`; context path `/remittance` from application.yml')
d('INV002', R, ['/v1/remittances/quotes:', '    get:'], 'GET /v1/remittances/quotes', 'declared in the stale remittance spec, no longer mapped by the remittance-service code (the other two operations are served)')

# ---------------- KEY ----------------
d('KEY001', RES + 'keys/merchant_private.pem', ['-----BEGIN RSA PRIVATE KEY-----'], 'keys/merchant_private.pem', 'PEM PKCS#1 RSA private key block (header line)', snippet='RSA PRIVATE KEY-----')
d('KEY001', PROPS, ['alipay.private-key='], 'alipay.private-key', 'Alipay-style single-line base64 PKCS#8 RSA private key (`MIIEvQIBADANBg...`)', snippet='alipay.private-key=MIIEvQ')
d('KEY001', SIGN, ['private static final String sm2PrivateKey = "'], 'SignUtil.sm2PrivateKey', 'SM2 private key: 64 hex characters assigned to `sm2PrivateKey`')
d('KEY002', RES + 'keys/merchant_private.pem', None, 'keys/merchant_private.pem', 'key-bearing `.pem` committed (file-level finding)')
d('KEY002', RES + 'keys/lanhai-pay.jks', None, 'keys/lanhai-pay.jks', 'Java key store committed (binary, magic `FEEDFEED`; file-level finding even though binary files are otherwise skipped)')
d('KEY003', PROPS, ['spring.datasource.password='], 'spring.datasource.password', 'hard-coded database password', snippet='spring.datasource.password=')
d('KEY003', PROPS, ['report.datasource.url='], 'report.datasource.url', 'password inline in a JDBC URL (Oracle `user/password@host`)', snippet='report.datasource.url=jdbc:oracle:thin:rpt_reader/')
d('KEY003', ENV, ['APP_SECRET='], '.env APP_SECRET', 'hard-coded app secret in a committed `.env`', snippet='APP_SECRET=')
d('KEY003', PROPS, ['sms.gateway.password=changeme'], 'sms.gateway.password', 'weak/default password `changeme` (critical): a well-known default kept in a production file is a finding, not a placeholder', snippet='sms.gateway.password=')
d('KEY003', SIGN, ['private static final String LEGACY_SIGN_SECRET = "'], 'SignUtil.LEGACY_SIGN_SECRET', 'hard-coded signing secret; the `apiaudit:ignore KEY003` on the line before has no reason, so it does NOT suppress this finding')
d('SUPPRESSION', SIGN, ['// apiaudit:ignore KEY003', '// apiaudit:ignore KEY003'], 'inline suppression', 'suppression without `-- reason`: reported itself (diagnostic; code chosen by the implementation, not a §5 rule) and ignored', snippet='// apiaudit:ignore KEY003')
d('KEY004', JAVA + 'config/WxPayConfig.java', ['private String apiV3Key = "'], 'WxPayConfig.apiV3Key', 'WeChat Pay APIv3 key (32 chars)')
d('KEY004', ENV, ['ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI'], '.env', 'Alibaba Cloud AccessKey ID (`LTAI` + 20)', snippet='ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI')
d('KEY004', ENV, ['ALIBABA_CLOUD_ACCESS_KEY_SECRET='], '.env', 'Alibaba Cloud AccessKey secret (30 chars, next to its ID)', snippet='ALIBABA_CLOUD_ACCESS_KEY_SECRET=')
d('KEY004', 'accounts-service/app/archive.py', ['aws_access_key_id="AKIA'], 'archive.py', 'AWS access key ID (`AKIA` + 16; invented, not the AWS documentation example)', snippet='aws_access_key_id="AKIA')
d('KEY004', 'accounts-service/app/archive.py', ['aws_secret_access_key="'], 'archive.py', 'AWS secret access key (40 chars)', snippet='aws_secret_access_key="')
d('KEY005', SIGN, ['MessageDigest.getInstance("MD5")'], 'SignUtil.md5Sign', 'MD5 used for request signing')
d('KEY005', SIGN, ['new SecretKeySpec(key8, "DES")'], 'SignUtil.desEncrypt', 'DES key; the DES of the next line is the same weakness, named in the message (`also line 66`), not a second finding')
d('KEY005', SIGN, ['Cipher.getInstance("DES/ECB/PKCS5Padding")'], 'SignUtil.desEncrypt', 'ECB mode (a weakness of its own beside DES)')
d('KEY005', SIGN, ['generator.initialize(1024)'], 'SignUtil.legacyReconKeyPair', 'RSA key of 1024 bits')
d('KEY005', PROPS, ['wxpay.sign_type=MD5'], 'wxpay.sign_type', '`sign_type=MD5` in configuration')
d('KEY006', NG, ['ssl_protocols        TLSv1 TLSv1.1 TLSv1.2;'], 'server api-legacy.lanhaibank.com.cn', 'nginx `ssl_protocols` enables TLSv1 and TLSv1.1')
d('KEY006', HTTPC, ['new X509TrustManager() {'], 'HttpClientConfig.esbClient', 'trust-all `X509TrustManager` (empty `checkServerTrusted`); reported at the anonymous class, once')
d('KEY006', HTTPC, ['NoopHostnameVerifier.INSTANCE'], 'HttpClientConfig.esbClient', 'host-name verification disabled (`NoopHostnameVerifier`)')
d('KEY006', 'accounts-service/app/clients/core_banking.py', ['verify=False'], 'query_balance', '`requests.get(..., verify=False)`')
d('KEY006', 'wealth-service/main.go', ['InsecureSkipVerify: true'], 'newTAClient', 'Go `tls.Config{InsecureSkipVerify: true}`')
d('KEY006', SCG, ['useInsecureTrustManager: true'], 'spring.cloud.gateway.httpclient.ssl', 'Spring Cloud Gateway trusts every upstream certificate')

# ---------------- LOG ----------------
d('LOG001', LB, ['name="APP_FILE"', '<maxHistory>30</maxHistory>'], 'logback appender APP_FILE', 'daily rollover x 30 = 30 days < 180')
d('LOG001', AYML, ['max-history: 7'], 'logging.logback.rollingpolicy.max-history', 'Spring Boot default logback policy, daily x 7 = 7 days (in effect because logback-spring.xml includes Spring Boot\'s `file-appender.xml` and the prod root writes to its `FILE` appender)')
d('LOG001', LB, ['name="ERROR_FILE"', '<maxHistory>${LOG_MAX_HISTORY}</maxHistory>'], 'logback appender ERROR_FILE', 'severity **info**, not a violation: `maxHistory` comes from the environment variable `LOG_MAX_HISTORY`, which has no default and which nothing in the estate sets (no `.env`, compose, Kubernetes, Helm, systemd or Spring setting), so the retention is unknown; the message names the variable and `logs` lists it as unknown. A default (`${LOG_MAX_HISTORY:-30}`) would be judged, naming the variable; a setting in the estate would be judged with its file and line')
d('LOG001', 'platform/logrotate.d/api-gateway', ['daily', 'rotate 14'], '/var/log/nginx/legacy-access.log block', 'logrotate `daily` + `rotate 14` = 14 days')
d('LOG001', 'accounts-service/app/logging_setup.py', ['TimedRotatingFileHandler(filename'], 'setup_fallback_logging', "`TimedRotatingFileHandler(when='midnight', backupCount=30)` = 30 days")
d('LOG001', 'platform/elasticsearch/ilm-api-logs.json', ['"delete": {', '"min_age": "90d"'], 'ILM policy delete phase', 'indices deleted at `min_age: 90d`')
d('LOG001', 'platform/loki/loki.yaml', ['retention_period: 2160h'], 'limits_config.retention_period', '2160h = 90 days')
d('LOG001', 'platform/batch/log4j2.xml', ['IfLastModified age="60d"'], 'log4j2 RollingFile BatchJob', '`Delete` + `IfLastModified age="60d"` = 60 days')
d('LOG002', LB, ['name="TRADE_FILE"', '<maxHistory>180</maxHistory>'], 'logback appender TRADE_FILE (trade.log)', 'transaction log kept 180 days < 365 (meets the 180-day minimum, so no LOG001)')
d('LOG002', 'accounts-service/logging.yaml', ['txn_file:', 'backupCount: 200'], 'dictConfig handler txn_file (txn.log)', "transaction log `when: midnight`, `backupCount: 200` = 200 days < 365")
d('LOG003', LB, ['FixedWindowRollingPolicy'], 'logback appender ACCESS_FILE', '`FixedWindowRollingPolicy` + `SizeBasedTriggeringPolicy` only: retention bounded by size (20 x 500MB), period unknown')
d('LOG004', TC, ['log.info("transfer from card {} pwd {}"'], 'TransferController.createLegacy', 'logs C3 `payPassword` and unmasked C2 `cardNo`')
d('LOG004', 'accounts-service/app/services/customer.py', ['logger.info("id_card=%s", id_card_no)'], 'get_profile', 'logs the ID-card number unmasked')
d('LOG004', LB, ['%X{requestBody}'], 'logback appender ACCESS_FILE pattern', 'pattern writes the whole request body (`%X{requestBody}`) to the access log')
d('DEP002', 'accounts-service/requirements.txt', ['# 账户服务依赖'], 'run', 'once per run: no advisory database configured (`--advisories` not given), 30 components (Go 6, Maven 11, PyPI 13) unchecked; reported at line 1 of the first manifest in path order (SARIF needs a location), with a fingerprint that does not depend on which file that is')

# ---------------- near-misses ----------------
n('SPEC001', L, ["swagger: '2.0'"], 'file starts with a UTF-8 byte-order mark (EF BB BF), as exported by a Windows tool; must parse')
n('SPEC001, SPEC004', L, ['  /institutions/search:', 'summary: 金融机构（联行号）查询'], 'duplicate `summary` key: libyaml accepts it (last one wins), so no parse error (SPEC §9)')
n('SPEC002', P, ["$ref: './schemas/common.yaml#/pathItems/TransferById'"], 'relative-file `$ref` to a path item resolves; refs inside common.yaml resolve against common.yaml')
n('SPEC003', A, ['"BranchRegionNode": {', '"$ref": "#/components/schemas/BranchRegionNode"'], 'legal recursion: a tree node whose `children` items reference the node itself through `properties`')
n('SPEC003', W, ['    ProductCategory:', '        parent:', '$ref'], 'legal recursion: `ProductCategory.parent` references `ProductCategory`')
n('ID004', W, ['x-api-level: A3'], 'A3 op whose ID has level segment `02`: A3 counts as A2 for the ID; only CLS002 fires here')
n('CLS003, CLS005', A, ['"/v1/products/personal-current-accounts"', '"x-api-level": "A1"'], 'A1 product catalogue (personal current accounts the bank sells): "accounts" in the path and `minOpeningAmount`/`interestRate` are product data, not account information')
n('CLS003, CLS005', A, ['"/v1/branches"', '"x-api-level": "A1"'], 'A1 网点查询 (branch list): correctly A1')
n('CLS005, DATA004', A, ['"Branch": {', '"address": {'], 'branch `address` is a public branch address, not a home address')
n('CLS005, DATA004', A, ['"Branch": {', '"telephone": {'], 'branch `telephone` is the branch hotline, not a personal mobile number')
n('CLS005', A, ['"BranchRegionNode": {', '"name": {'], 'bare `name` of a region node is not a personal name')
n('CLS003, CLS005', P, ['  /v1/fx/rates:', 'x-api-level: A1'], 'A1 exchange rates (外汇牌价): correctly A1')
n('CLS003', W, ['  /v1/wealth/products:', 'x-api-level: A1'], 'A1 wealth-product catalogue: correctly A1')
n('CLS004', L, ['  /institutions/search:', 'x-api-level: A1'], 'POST `/institutions/search` is an RPC-style read-only query (`search`): A1 is right')
n('AUTH004, CLS004', A, ['"/v1/accounts/balance/get"', '"post": {'], 'RPC-style POST `/accounts/balance/get` is an A2 query (balance), not fund-moving: no signature needed')
n('AUTH004', P, ['  /v1/transfers:', '    post:'], 'transfer with `X-Signature` header (via `$ref` into common.yaml)')
n('AUTH004', A, ['"/v1/accounts/internal-transfers"', '"post": {'], 'fund-moving, but authenticated with `mutualTLS` (OpenAPI 3.1)')
n('AUTH004', L, ['  /transfer/submit:', '    post:'], 'legacy transfer has an `X-Signature` header (its findings are CLS003/CLS005, and RES001 as an A2 operation)')
n('AUTH001', P, ['  /v1/fx/rates:', 'security: []'], '`security: []` on an A1 public operation is allowed')
n('AUTH001', A, ['"/v1/branches"', '"security": []'], '`security: []` on an A1 public operation is allowed')
n('AUTH002', A, ['"/v1/accounts/{accountId}/frozen-amounts"', '"security": ['], 'A2 with HTTP bearer (JWT) is not "bare API key or basic"')
n('AUTH003', P, ['- name: cvv2'], 'cvv2 in the query is DATA001, not also AUTH003')
n('AUTH005', A, ['"url": "http://127.0.0.1:8000"'], 'loopback `http://` server (local development)')
n('DATA002', A, ['"AccountId": {'], '`accountId` is an opaque UUID (账户内部标识，非账号), not an account number')
n('DATA002', P, ['    TransferRequest:', '        payeeCardNo:'], 'C2 in a request body is not a path/query parameter')
n('DATA004', P, ['    TransferResult:', '        payerCardNo:'], 'C2 field with `x-masked: true`')
n('DATA004', C, ['    PayeeInfo:', '        cardNo:'], 'C2 field with `x-masked: true` (next to the unmasked `mobile`)')
n('DATA004', A, ['"AccountSummary": {', '"accountNo": {'], 'C2 field masked by a masking `pattern` (`^[0-9]{4}\\*+[0-9]{4}$`)')
n('DATA004', A, ['"Balance": {', '"availableBalance": {'], 'balances are C2 financial-status data but not identifiers: never masked in an A2 response')
n('DATA005', C, ['    ServerError:', 'message: 系统繁忙，请稍后再试'], 'generic error message with a trace id leaks nothing')
n('RES001', A, ['"/v1/accounts/{accountId}/transactions"', '"get": {'], 'A2 with a declared `429` response and no `x-rate-limit`: counts as declared')
n('RES001', A, ['"/v1/accounts/{accountId}/statistics"', '"x-apiaudit-ignore": {'], 'RES001 suppressed by `x-apiaudit-ignore` with a reason (counted as suppressed)')
n('RES002', KONG, ['- name: pay-fx-rates', 'second: 200'], 'payments-service: A1 route 200/s, A2 routes 20/s each with their own plugin: A2 stricter, not shared')
n('LIFE001, LIFE002, LIFE003', P, ["x-sunset: '2027-12-31'"], 'deprecated with future sunset and replacement; still routed (Kong pay-payment-status) and granted (grants line 6) during the deprecation window')
n('LIFE003', GR, ['LHMALL0001,GET /v1/payments/{paymentId}/status,active'], 'grant of a deprecated operation whose sunset is in the future')
n('LIFE001', W, ['/prospectus:', 'deprecated: true'], 'deprecated with a `Sunset` response header (2027-12-31) and `x-replacement`')
n('LIFE004', KONG, ['- name: pay-express-removed'], 'route to a removed path, terminated with `request-termination` 410: a tombstone, not a live route')
n('LIFE004', GR, ['LHMALL0001,POST /v1/payments/express,revoked'], 'revoked grant of a removed interface')
n('LIFE004', GR, ['LHTRAVEL002,OPC102310202020000000009,revoked'], 'revoked grant of a removed interface (unified ID form)')
n('LIFE004', NG, ['location = /healthz'], 'nginx location without `proxy_pass` is not an interface route')
n('LIFE004', NG, ['location /legacy/api/ {'], 'nginx prefix route covering legacy-v1.yaml (`basePath: /legacy/api`)')
n('LIFE005', PC, ['@GetMapping("/{paymentId}/status")'], 'deprecated with a future sunset (2027-12-31): still served during the announced deprecation window')
n('LIFE005', WGO, ['r.GET("/v1/wealth/products/:productCode/prospectus"'], 'deprecated with a `Sunset` response header (2027-12-31) in the future: served during the window')
n('INV001', RC, ['@PostMapping("/remittances")'], 'declared: the spec documents `/v1/remittances` under the server base path `/remittance`, the code serves it under the context path `/remittance`')
n('INV001', MAINPY, ['@app.get("/v1/accounts/{account_id}/balance")'], 'declared as `/v1/accounts/{accountId}/balance`: path parameter names do not matter')
n('INV002', A, ['"/v1/accounts/{accountId}/detail"', '"get": {'], 'deprecated operation the code no longer serves: retired as announced (LIFE001 reports the spec)')
n('INV002', L, ['  /transfer/submit:', '    post:'], 'no code of the legacy gateway in the run: `served` is null, nothing to compare')
n('KEY001, KEY002', RES + 'keys/unionpay_verify_public.pem', ['-----BEGIN PUBLIC KEY-----'], 'public key PEM')
n('KEY001, KEY002', RES + 'keys/cfca_root_ca.pem', ['-----BEGIN CERTIFICATE-----'], 'certificate PEM')
n('KEY001', PROPS, ['alipay.alipay-public-key='], 'base64 DER public key (`MIIBIjANBg...`)', snippet='alipay.alipay-public-key=MIIBIj')
n('KEY002', AYML, ['key-store: classpath:keys/lanhai-pay.jks'], 'reference to a key store (the file itself is the KEY002 finding)')
n('KEY002', PROPS, ['unionpay.sign-cert-path='], 'path to a `.pfx` outside the repository')
n('KEY002', NG, ['ssl_certificate_key  /etc/nginx/certs/api-legacy.lanhaibank.com.cn.key;'], 'path to a key file outside the repository')
n('KEY003', AYML, ['password: ${DB_PASSWORD}'], '`${ENV}` reference')
n('KEY003', AYML, ['password: ENC('], 'jasypt `ENC(...)` encrypted value')
n('KEY003', AYML, ['key-store-password: ${KEYSTORE_PASSWORD}'], '`${ENV}` reference')
n('KEY003', PROPS, ['unionpay.sign-cert-password=${UNIONPAY_CERT_PASSWORD}'], '`${ENV}` reference')
n('KEY003', ENV, ['DB_PASSWORD=${VAULT_ACCT_DB_PASSWORD}'], '`${ENV}` reference in .env')
n('KEY003', 'accounts-service/app/config.py', ['APP_SECRET = os.environ["APP_SECRET"]'], 'secret read from the environment')
n('KEY003', HTTPC, ['@Value("${lanhai.tls.trust-store-password}")'], 'injected from configuration')
n('KEY003', 'wealth-service/main.go', ['os.Getenv("TA_API_SECRET")'], 'secret read from the environment')
n('KEY003', SCG, ['key-store-password: ${GATEWAY_KEYSTORE_PASSWORD}'], '`${ENV}` reference')
n('KEY003', SIGN, ['static final String DOC_SAMPLE_SIGN_KEY = "'], 'suppressed by `// apiaudit:ignore KEY003 -- test vector from the SDK docs` on the line before (counted as suppressed)')
n('KEY004', JAVA + 'config/WxPayConfig.java', ['private String mchId = "1650012345";'], 'WeChat Pay merchant number is an identifier, not a credential')
n('KEY004', PROPS, ['alipay.app-id=2021000123456789'], 'Alipay app id is an identifier, not a credential')
n('KEY005', NG, ['ssl_ciphers          HIGH:!aNULL:!MD5;'], '`!MD5` excludes MD5 from the cipher list')
n('KEY005', SIGN, ['MessageDigest.getInstance("SM3", "BC")'], 'SM3 digest (approved)')
n('KEY005', PROPS, ['alipay.sign-type=RSA2'], 'Alipay `RSA2` = SHA256withRSA, 2048-bit')
n('KEY005', TC, ['SignUtil.md5Sign(form)'], 'a call of the legacy signer; the finding is at the MD5 digest in SignUtil')
n('KEY006', NG, ['ssl_protocols        TLSv1.2 TLSv1.3;'], 'TLS 1.2+ only')
n('KEY006', HTTPC, ['new String[]{"TLSv1.2", "TLSv1.3"}'], 'TLS 1.2+ with default host-name verification')
n('KEY006', HTTPC, ['SSLContext.getInstance("TLSv1.2")'], 'TLSv1.2 context (the problem in this method is the trust manager)')
n('KEY006', AYML, ['enabled-protocols: TLSv1.2,TLSv1.3'], 'Spring `server.ssl.enabled-protocols` TLS 1.2+')
n('KEY006', 'wealth-service/main.go', ['MinVersion: tls.VersionTLS12'], 'Go server requires TLS 1.2+')
n('KEY006', 'accounts-service/app/clients/core_banking.py', ['timeout=TIMEOUT, verify=CFCA_CA_BUNDLE)'], '`verify=` a CA bundle path')
n('LOG001, LOG002', LB, ['name="AUDIT_FILE"', '<maxHistory>365</maxHistory>'], 'daily x 365: compliant')
n('LOG001 (high)', LB, ['name="ERROR_FILE"', '<maxHistory>${LOG_MAX_HISTORY}</maxHistory>'], 'retention from the environment, with no default and set nowhere in the estate: unknown, so LOG001 at info severity only (see the defects), never a violation')
n('LOG001', LB, ['logback/file-appender.xml'], 'Spring Boot\'s `FILE` appender is reported once, from application.yml where its retention is set, not again from the include')
n('LOG003', LB, ['name="APP_FILE"', '<totalSizeCap>20GB</totalSizeCap>'], 'time-based policy with a size cap is LOG001 (30 days), not LOG003')
n('LOG001', 'platform/logrotate.d/api-gateway', ['weekly', 'rotate 30'], 'logrotate `weekly` + `rotate 30` = 210 days')
n('LOG001', 'accounts-service/logging.yaml', ['app_file:', 'backupCount: 400'], 'dictConfig `when: midnight`, `backupCount: 400` = 400 days')
n('LOG002', 'platform/batch/log4j2.xml', ['IfLastModified age="400d"'], 'transaction log (settlement-txn) kept 400 days')
n('LOG004', TC, ['log.info("card {}", MaskUtil.maskCard(cardNo));'], 'card number masked before logging')
n('LOG004', TC, ['log.debug("query transfer {} payer card {}"'], 'card number masked before logging')
n('LOG004', 'accounts-service/app/services/customer.py', ['mask_id(progress["idNo"]))'], 'ID-card number masked before logging', snippet='logger.info("opening progress %s id_card=%s"')

out = []
w = out.append
w('# demo-bank: expected findings (manifest)')
w('')
w('Fictional estate of **澜海银行 / Lanhai Bank** (institution code `C10231`), written for apiaudit\'s tests and demos.')
w('Every value that looks like a secret was invented for this project (random), none is real. This file and `tools/` are')
w('excluded from scans by `.apiauditignore` and `[scan] exclude`, and this file quotes no secret value.')
w('')
w('How to evaluate: `apiaudit scan --config apiaudit.toml .` from this directory (institution `C10231`, standard A1/A2')
w('scheme, 180/365-day retention), on a date after 2025-06-30 and before 2027-12-31 (LIFE002 and the deprecation-window')
w('near-misses depend on it), without `--advisories`. This file is generated by `tools/gen_expected.py` (line numbers')
w('come from text anchors); after editing a demo file run `python3 tools/gen_expected.py && python3 tools/check_expected.py`:')
w('the checker prints the text at every file:line below and fails when a line no longer contains the quoted text.')
w('')
w('## Conventions')
w('')
w('- Paths are relative to this directory; lines are 1-based. For spec findings the line is where the offending node')
w('  starts (SPEC §2): the `x-api-id` value (ID002/ID003/ID004/ID005), the `x-api-level` value (CLS002-CLS005),')
w('  the method key when the fault is the operation as a whole (ID001, CLS001, AUTH004, RES001), the `security` value')
w('  (AUTH001/AUTH002), the security scheme or the flow (AUTH003/AUTH006), the parameter object (DATA001/DATA002; in JSON')
w('  the line of its `{`), the schema property (DATA003/DATA004), the example value (DATA005), the `$ref` (SPEC002/SPEC003),')
w('  `deprecated` (LIFE001), `x-sunset` (LIFE002). Gateway/grant findings point at the route (`- name:`) or the CSV row.')
w('- Level inference: CLS003 evidence is *function* (method, path, operationId, summary, tags: transfer/pay/balance/')
w('  transactions, 转账/余额/流水 ...); CLS005 evidence is *data* (C2/C3 fields in parameters, bodies, responses). Both may')
w('  fire on one operation (two findings on the same line, each with its evidence).')
w('- DATA004 (masking) applies to C2 *identifiers*: card/account numbers, ID numbers, mobile numbers, personal names,')
w('  login names, home addresses. Balances and transaction amounts are C2 but are never masked in an A2 response.')
w('- A finding on a node reached through several operations (a shared schema) is reported once, at the node.')
w('- One secret, one finding: the most specific rule wins (KEY001 private key > KEY004 vendor credential > KEY003')
w('  generic password/secret). KEY002 is about the committed file and coexists with KEY001 on the same `.pem`.')
w('- Nothing else is expected: most operations and configs are deliberately clean (see the near-miss table).')
w('')

def cell(s):
    return s.replace('|', '\\|')

w('## 1. Deliberate defects')
w('')
w('| # | rule | file | line | text at line | subject | what |')
w('|---|---|---|---|---|---|---|')
counts = collections.Counter()
for k, (rule, f, anchors, subject, what, offset, snippet) in enumerate(D, 1):
    counts[rule] += 1
    if f is None:
        w(f'| {k} | {rule} | - | - | - | {cell(subject)} | {cell(what)} |'); continue
    if anchors is None:
        w(f'| {k} | {rule} | {f} | - | (file) | {cell(subject)} | {cell(what)} |'); continue
    ln, text = locate(f, anchors, offset)
    snip = snippet or anchors[-1]
    assert snip in text, (f, ln, snip, text)
    assert '|' not in snip and '`' not in snip
    w(f'| {k} | {rule} | {f} | {ln} | `{snip}` | {cell(subject)} | {cell(what)} |')
w('')
w('## 2. Near-misses that must NOT fire')
w('')
w('| # | must not fire | file | line | text at line | why |')
w('|---|---|---|---|---|---|')
for k, (rules, f, anchors, why, offset, snippet) in enumerate(N, 1):
    ln, text = locate(f, anchors, offset)
    snip = snippet or anchors[-1]
    assert snip in text, (f, ln, snip, text)
    assert '|' not in snip and '`' not in snip
    w(f'| {k} | {rules} | {f} | {ln} | `{snip}` | {cell(why)} |')
w('')
w('## 3. Declared third-party components (for DEP001 tests with a local OSV fixture)')
w('')
w('No advisory database ships with the demo, so a plain scan gives DEP002 once. These real old versions have public')
w('advisories (ids for reference). With `--advisories testdata/advisories/demo-bank` (OSV records written for the tests,')
w('modelled on those advisories) DEP001 reports exactly these 17 lines and DEP002 does not fire (`tests/it/deps.rs` reads')
w('this table). Near-misses with that database: `redis==3.5.3` is the fixed version of a fixture record, the `boto3`')
w('record is withdrawn, `jasypt-spring-boot-starter` 2.1.1 is above a `last_affected` of 2.1.0, and the Spring Boot')
w('starters have no version in the run (managed by `spring-boot-starter-parent`, which is not scanned): they are listed')
w('in `components` with `version: null`, never guessed.')
w('')
w('| file | line | ecosystem | package | version | advisory |')
w('|---|---|---|---|---|---|')
POM = 'payments-service/pom.xml'
REQ = 'accounts-service/requirements.txt'
GOM = 'wealth-service/go.mod'
comps = [
  (POM, ['<artifactId>logback-classic</artifactId>', '<version>1.2.3</version>'], 'Maven', 'ch.qos.logback:logback-classic', '1.2.3', 'CVE-2021-42550'),
  (POM, ['<artifactId>log4j-core</artifactId>', '<version>2.14.1</version>'], 'Maven', 'org.apache.logging.log4j:log4j-core', '2.14.1', 'CVE-2021-44228'),
  (POM, ['<artifactId>fastjson</artifactId>', '<version>${fastjson.version}</version>'], 'Maven', 'com.alibaba:fastjson', '1.2.47 (via `${fastjson.version}`, defined in `<properties>`)', 'CVE-2022-25845'),
  (POM, ['<artifactId>jackson-databind</artifactId>', '<version>2.9.8</version>'], 'Maven', 'com.fasterxml.jackson.core:jackson-databind', '2.9.8', 'CVE-2019-12086'),
  (POM, ['<artifactId>httpclient</artifactId>', '<version>4.5.6</version>'], 'Maven', 'org.apache.httpcomponents:httpclient', '4.5.6', 'CVE-2020-13956'),
  (POM, ['<artifactId>mysql-connector-java</artifactId>', '<version>8.0.15</version>'], 'Maven', 'mysql:mysql-connector-java', '8.0.15', 'CVE-2019-2692'),
  (REQ, ['fastapi==0.65.1'], 'PyPI', 'fastapi', '0.65.1', 'CVE-2021-32677'),
  (REQ, ['pydantic==1.8.1'], 'PyPI', 'pydantic', '1.8.1', 'CVE-2021-29510'),
  (REQ, ['requests==2.19.1'], 'PyPI', 'requests', '2.19.1', 'CVE-2018-18074'),
  (REQ, ['urllib3==1.24.1'], 'PyPI', 'urllib3', '1.24.1', 'CVE-2019-11324'),
  (REQ, ['PyYAML==5.3.1'], 'PyPI', 'PyYAML', '5.3.1', 'CVE-2020-14343'),
  (REQ, ['Jinja2==2.10'], 'PyPI', 'Jinja2', '2.10', 'CVE-2019-10906'),
  (REQ, ['cryptography==3.2'], 'PyPI', 'cryptography', '3.2', 'CVE-2020-36242'),
  (GOM, ['github.com/dgrijalva/jwt-go v3.2.0+incompatible'], 'Go', 'github.com/dgrijalva/jwt-go', 'v3.2.0+incompatible', 'CVE-2020-26160'),
  (GOM, ['github.com/gin-gonic/gin v1.6.3'], 'Go', 'github.com/gin-gonic/gin', 'v1.6.3', 'CVE-2020-28483'),
  (GOM, ['golang.org/x/crypto v0.0.0-20200622213623-75b288015ac9'], 'Go', 'golang.org/x/crypto', 'v0.0.0-20200622213623-75b288015ac9', 'CVE-2020-29652'),
  (GOM, ['gopkg.in/yaml.v2 v2.2.7'], 'Go', 'gopkg.in/yaml.v2', 'v2.2.7', 'CVE-2019-11254'),
]
for f, anchors, eco, pkg, ver, adv in comps:
    ln, text = locate(f, anchors)
    w(f'| {f} | {ln} | {eco} | {pkg} | {cell(ver)} | {adv} |')
w('')
w('## 4. Count by rule')
w('')
rules_order = ['SPEC001','SPEC002','SPEC003','SPEC004','ID001','ID002','ID003','ID004','ID005','CLS001','CLS002','CLS003','CLS004','CLS005',
  'AUTH001','AUTH002','AUTH003','AUTH004','AUTH005','AUTH006','DATA001','DATA002','DATA003','DATA004','DATA005','RES001','RES002',
  'LIFE001','LIFE002','LIFE003','LIFE004','LIFE005','INV001','INV002','KEY001','KEY002','KEY003','KEY004','KEY005','KEY006','LOG001','LOG002','LOG003','LOG004','DEP001','DEP002','SUPPRESSION']
w('| rule | expected findings |')
w('|---|---|')
for r in rules_order:
    c = counts.get(r, 0)
    note = ' (17 with `--advisories testdata/advisories/demo-bank`; see section 3)' if r == 'DEP001' else ''
    w(f'| {r} | {c}{note} |')
missing = [r for r in rules_order if r not in ('DEP001',) and counts.get(r, 0) == 0]
assert not missing, missing
w('')
w(f'Total: {sum(counts.values()) - counts["SUPPRESSION"]} findings from the catalogue, plus 1 suppression diagnostic; 2 suppressed')
w('findings (KEY003 with a reason in SignUtil.java, RES001 by `x-apiaudit-ignore` in accounts.json).')
w('')
w('## 5. Interfaces served by code (inventory entries with `origin: "code"`)')
w('')
w('`apiaudit inventory --config apiaudit.toml . -f json` lists each operation the code serves as an entry with')
w('`origin: "code"`, `file`, `line`, `handler`, `framework` and the level its code shows; each spec entry carries')
w('`served`: true/false when the code of its service is in the run, null otherwise. A service is the directory with')
w('the build file (`pom.xml`, `requirements.txt`, `go.mod`); the legacy gateway has no code here.')
w('')
w('| service | framework | code entries | spec entries served / not served / unknown |')
w('|---|---|---|---|')
w('| payments-service | Spring MVC | 13 | 13 / 0 / 0 |')
w('| accounts-service | FastAPI | 23 | 23 / 1 (`GET /v1/accounts/{accountId}/detail`, deprecated) / 0 |')
w('| wealth-service | gin | 9 | 9 / 0 / 0 |')
w('| remittance-service | Spring MVC, context path `/remittance` | 3 | 2 / 1 (`GET /v1/remittances/quotes`, INV002) / 0 |')
w('| legacy-gateway | (no code) | 0 | 0 / 0 / 6 |')
w('')
w('The three subjects of section 1: `POST /remittance/v1/outbound-transfers` is a code entry (handler')
w('`RemittanceController.transferAbroad`, framework `spring`, inferred level A2, evidence `transfer` (path), `转账` (summary))')
w('with no spec entry; `GET /v1/remittances/quotes` is a spec entry with `served: false`; `POST /v1/transfers/legacy` is a')
w('spec entry with `deprecated: true`, `sunset: 2025-06-30` and `served: true`, and a code entry at TransferController.java.')
w('')
open(os.path.join(ROOT, 'EXPECTED.md'), 'w', encoding='utf-8').write('\n'.join(out))
print('defects', len(D), 'near-misses', len(N), dict(counts))
