//! What `apiaudit init --lang zh` writes: the template of `config::INIT_TEMPLATE` with its
//! comments in Chinese (terms of docs/zh-glossary.md). The keys and values are the same; a test
//! holds them equal.

/// The commented config, in Chinese.
pub const INIT_TEMPLATE_ZH: &str = r#"# apiaudit 配置文件。
# apiaudit 在当前目录及其上级目录中查找 apiaudit.toml 或 .apiaudit.toml（其次在第一个扫描路径
# 及其上级目录中查找），也可用 --config 指定。未知的键会报错。除标注“示例”者外，所列取值均为默认值。

[scan]
# 不审计的路径（通配模式，相对于每个扫描根目录）。与 `.apiauditignore` 文件一起，是排除 Git 已跟踪
# 文件的唯一方式：在 Git 工作区内，每个已跟踪的文件都会审计，不论 `.gitignore` 与 `.ignore` 如何
# 规定（它们只隐藏未跟踪的文件，且只在工作区内生效）。`.git/` 从不遍历；未跟踪的 `node_modules/`
# 与 `target/` 跳过。
exclude = []                    # 示例：`["legacy/**", "**/generated/**"]`
# 复制进代码仓库的第三方代码（通配模式；读取，但 LOG004 不把它当作本行自有代码评判）。`vendor/`、
# `third_party/`、`node_modules/`、静态库目录、压缩后的文件以及带第三方许可证头的文件无需列出即可识别。
vendor = []                     # 示例：`["web/static/pdfjs/**"]`
# 遍历到的文件超过此大小即不审计，并逐个报告（META001）；命令行直接指定的文件不受限制。看来是接口
# 规范的文件另有上限。
max-file-size = "128MiB"
max-spec-size = "512MiB"
# 跟随符号链接（可检测循环并报告，同一目标不会重复进入）。
follow-symlinks = true
# 按路径通配模式指定编码，用于自动识别（字节序标记、UTF-8、GB18030）判断有误的文件。
encoding = {}                   # 示例：`{ "legacy/**/*.properties" = "latin1", "docs/*.md" = "gbk" }`

[rules]
# 要运行的规则：规则编号（ID001）、规则族前缀（ID、KEY）或 ALL。`--select` 会替换此列表。
select = ["ALL"]
# 要跳过的规则；`select` 与 `ignore` 中更具体的一项生效。`--ignore` 会追加到此列表。
ignore = []
# 级别调整：`critical`（严重）、`high`（高）、`medium`（中）、`low`（低）、`info`（提示）。
severity = {}                   # 示例：`{ LOG003 = "medium", AUTH006 = "high" }`
# 存在此级别及以上的问题时退出码为 1（或设为 `"never"`）。
fail-on = "high"

[interface-id]
# 承载应用程序接口统一识别码（附录B）的接口扩展字段。
extension = "x-api-id"
# 本行机构代码：JR/T 0124-2014 金融机构编码的前六位。
# 设置后，ID005 检查每个统一识别码是否包含该代码。
# institution = "C10231"        # 示例
# 完全替换编码检查（统一识别码须整体匹配的正则表达式）。
# pattern = "^OP[0-9A-Z]{6}0[12][0-9A-Z]{14}$"   # 示例
# `apiaudit fix --ids` 分配统一识别码所用的台账（CSV；一个台账可服务多个代码仓库）。
# 默认：第一个扫描路径下的 apiaudit-ids.csv。
# ledger = "../estate/apiaudit-ids.csv"   # 示例
# `fix` 按接口推断出的服务类型写入的服务类别段（6 位），各以附录B的服务类型开头
# （01 账户服务，02 支付服务，03 投资服务）。
categories = { account = "010100", payment = "020100", investment = "030100" }

[levels]
# 承载安全级别的接口扩展字段。
extension = "x-api-level"
# `"standard"`：A1 与 A2 两级（JR/T 0185-2020 第6章）。
# `"three-tier"`：另设 A3 表示资金交易类接口（按标准，A3 视同 A2）。
scheme = "standard"

[extensions]
# apiaudit 读取的其他接口扩展字段的名称。
sunset = "x-sunset"
replacement = "x-replacement"
rate-limit = "x-rate-limit"
masked = "x-masked"
ignore = "x-apiaudit-ignore"

[retention]
# 日志最短留存期限（天）（《网络安全法》第二十一条：不少于六个月）。
min-days = 180
# 交易日志最短留存期限（天）。
transaction-min-days = 365

[report]
# 报告与问题描述的语言：`"en"` 或 `"zh"`。
lang = "en"
# 规则文档（docs/rules/<CODE>.md）的发布地址，用于 SARIF 与报告中的链接；
# 在隔离网络中可指向内部镜像。
# docs-url = "https://git.example-bank.cn/tools/apiaudit/-/blob/main/docs/rules/"

[checks]
# 追加的检测器与词表，格式同内置规则目录（`checks/`）。
extend = []                     # 示例：`["bank-secrets.toml"]`
# 测试样例：在此处发现的硬编码密钥（KEY003）按 `test-severity` 报告。
# 通配模式相对于每个扫描根目录；不含 `/` 的模式匹配任意层级。
test-paths = ["**/test/**", "**/tests/**", "**/testdata/**", "**/test-data/**", "**/testing/**", "**/fixtures/**", "**/__tests__/**", "**/src/test/**", "**/*_test.go", "**/*Test.java", "**/*Tests.java", "**/*IT.java", "**/*Test.kt", "**/test_*.py", "**/*_test.py", "**/conftest.py", "**/*.test.js", "**/*.test.ts", "**/*.spec.js", "**/*.spec.ts"]
test-severity = "low"

[advisories]
# 本地 OSV 漏洞库（目录或 ZIP 包），供 DEP001 使用；从不通过网络获取。
# path = "advisories/"          # 示例

[routes]
# 框架自带的端点（错误页、健康检查与管理端点、API 文档页面）。代码映射了它们时列入接口清单，但从不
# 报 INV001。通配模式匹配调用方访问的路径，带或不带上下文路径均可；`*` 不跨路径段，`**` 可跨段。
# 设置此列表即替换以下默认值。
framework-endpoints = ["/error", "/error/**", "/actuator", "/actuator/**", "/health", "/health/**", "/healthz", "/healthcheck", "/health-check", "/livez", "/readyz", "/ping", "/info", "/metrics", "/prometheus", "/favicon.ico", "/v2/api-docs", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui", "/swagger-ui/**", "/swagger-ui.html", "/swagger-resources/**", "/openapi.json", "/openapi.yaml", "/docs", "/docs/**", "/redoc"]

# 哪些接口规范文件描述哪些代码（INV002、LIFE005 及接口清单的“已提供”列）。默认情况下，接口规范
# 文件与代码位于同一服务目录时属于同一服务：服务目录是仓库内最外层的含构建文件（`pom.xml`、
# `build.gradle`、`package.json`、`go.mod`、`pyproject.toml` 等）的目录，或同一仓库中位于代码
# 上级的接口规范文件。此处的条目显式归组接口规范文件与代码；通配模式相对于每个扫描根目录（不含
# `/` 的模式匹配任意层级）。
[services]
# payments = { specs = ["api-specs/payments/**"], code = ["payments-core/**", "payments-web/**"] }   # 示例
"#;

#[cfg(test)]
mod tests {
    use super::INIT_TEMPLATE_ZH;
    use crate::settings::config::INIT_TEMPLATE;

    #[test]
    fn chinese_template_has_the_same_keys_and_values() {
        let en: toml::Table = toml::from_str(INIT_TEMPLATE).unwrap_or_else(|e| panic!("{e}"));
        let zh: toml::Table = toml::from_str(INIT_TEMPLATE_ZH).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(en, zh);
        // The commented-out examples too: the same keys in the same order.
        let commented = |text: &str| -> Vec<String> {
            text.lines()
                .filter_map(|line| line.strip_prefix("# "))
                .filter_map(|line| line.split_once(" = ").map(|(key, _)| key.to_string()))
                .filter(|key| key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
                .collect()
        };
        assert_eq!(commented(INIT_TEMPLATE), commented(INIT_TEMPLATE_ZH));
    }
}
