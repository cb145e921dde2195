//! Parser errors in Chinese. The parsers (libyaml, jiter, quick-xml, the manifest readers)
//! speak English; a Chinese report names the class of error in the terms of
//! docs/zh-glossary.md and keeps the parser's own words, in a code span, as the detail that
//! a search engine or the parser's documentation understands.

/// Classes of parser error, matched on the parser's text (first match wins).
const CLASSES: &[(&[&str], &str)] = &[
    (
        &["alias bomb"],
        "YAML 别名展开后的节点数远超文档本身（疑似别名炸弹），未继续读取",
    ),
    (
        &["nesting deeper than", "recursion limit"],
        "嵌套层数超过上限，未继续读取",
    ),
    (&["unknown anchor"], "引用了未定义的 YAML 锚点"),
    (&["parser failed"], "解析器在此输入上失败"),
    (
        &["mapping values are not allowed"],
        "此处不允许出现键值对，常见原因是缩进错误或值中含未加引号的冒号",
    ),
    (
        &["block sequence entries are not allowed"],
        "此处不允许出现列表项，常见原因是缩进错误",
    ),
    (&["tab", "violates indentation"], "缩进中含有制表符"),
    (
        &["did not find expected key"],
        "缺少预期的键，常见原因是缩进未对齐",
    ),
    (&["could not find expected ':'"], "缺少键后的冒号"),
    (&["did not find expected node content"], "缺少预期的内容"),
    (&["did not find expected '-' indicator"], "列表项缺少 “-” 标记"),
    (
        &["found character that cannot start any token"],
        "含有不能作为 YAML 记号开头的字符",
    ),
    (
        &[
            "found unexpected end of stream",
            "unexpected end of document",
            "eof while parsing",
        ],
        "文件意外结束，常见原因是引号或括号未闭合",
    ),
    (
        &["while scanning a quoted scalar", "while parsing a quoted scalar"],
        "引号内的字符串未闭合",
    ),
    (&["duplicate key", "duplicated key"], "键重复"),
    (&["control character"], "字符串中含有控制字符"),
    (
        &[
            "invalid leading utf-8",
            "invalid trailing utf-8",
            "invalid utf-8",
            "utf-8",
        ],
        "文件不是有效的 UTF-8 文本",
    ),
    (
        &["trailing characters", "trailing comma"],
        "JSON 在结尾处有多余的字符或逗号",
    ),
    (&["key must be a string"], "JSON 对象的键必须是字符串"),
    (
        &[
            "expected `,` or `}`",
            "expected ',' or '}'",
            "expected `,` or `]`",
            "expected ',' or ']'",
        ],
        "JSON 缺少逗号或右括号",
    ),
    (&["expected `:`", "expected ':'"], "JSON 缺少键后的冒号"),
    (
        &["expected value", "expected ident", "expected some value"],
        "JSON 此处应为一个值",
    ),
    (
        &["invalid number", "number out of range"],
        "数值格式无效或超出范围",
    ),
    (
        &[
            "invalid escape",
            "invalid unicode code point",
            "lone leading surrogate",
        ],
        "字符串中的转义序列无效",
    ),
    (
        &[
            "unbalanced end",
            "mismatch",
            "unclosed",
            "unexpected end tag",
            "expected `</`",
            "end tag",
        ],
        "标签或括号不配对",
    ),
    (&["malformed attribute", "attribute"], "XML 属性格式错误"),
    (&["not a mapping"], "顶层不是键值映射"),
];

/// The Chinese text of a parser error: its class, then the parser's words as the detail.
pub fn zh_error(raw: &str) -> String {
    let lower = raw.to_ascii_lowercase();
    let class = CLASSES
        .iter()
        .find(|(needles, _)| needles.iter().any(|needle| lower.contains(needle)))
        .map_or("语法错误", |(_, text)| text);
    // A backtick in the detail would end the code span early.
    let detail = raw.replace('`', "'");
    format!("{class}（解析器原文：`{detail}`）")
}

#[cfg(test)]
mod tests {
    use super::zh_error;

    #[test]
    fn classes_are_chinese_and_the_detail_is_kept() {
        assert_eq!(
            zh_error("mapping values are not allowed in this context"),
            "此处不允许出现键值对，常见原因是缩进错误或值中含未加引号的冒号（解析器原文：`mapping values are not allowed in this context`）"
        );
        assert!(zh_error("EOF while parsing a value").starts_with("文件意外结束"));
        assert!(zh_error("expected `,` or `}`").contains("`expected ',' or '}'`"));
        assert!(zh_error("something new").starts_with("语法错误（"));
    }
}
