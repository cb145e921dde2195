//! Java and Kotlin declarations: package, imports, classes and interfaces with their
//! annotations, supertypes, methods (annotations, parameters, return type) and fields, string
//! constants (`static final`, interface fields, `const val`, object properties), and WebFlux
//! functional routes (`route().GET(..)`, `RouterFunctions.route(GET(..), ..)`, `coRouter { }`).
//! Spring MVC/WebFlux and JAX-RS are interpreted from these facts in `spring.rs` and
//! `jaxrs.rs`, once the whole run is known. Method bodies are skipped except for functional
//! routes.

use super::facts::{
    Class, ClassKind, Constant, DirectRoute, Expr, FileFacts, Import, Method, OpInfo, Param, Piece,
};
use super::syntax::{http_method, Reader};
use crate::parse::code::{Dialect, Kind};

/// Modifiers that may precede a declaration (both languages).
const MODIFIERS: &[&str] = &[
    "public",
    "protected",
    "private",
    "static",
    "final",
    "abstract",
    "default",
    "synchronized",
    "native",
    "transient",
    "volatile",
    "strictfp",
    "sealed",
    "non",
    "internal",
    "open",
    "override",
    "data",
    "inner",
    "lateinit",
    "suspend",
    "inline",
    "value",
    "const",
    "operator",
    "infix",
    "tailrec",
    "external",
    "expect",
    "actual",
    "annotation",
    "enum",
    "companion",
];

/// Where members are read: the enclosing classes and what kind the innermost is.
struct Scope {
    outer: Vec<String>,
    kind: Option<ClassKind>,
}

pub fn read(reader: &Reader<'_>, facts: &mut FileFacts, functional: bool) {
    let mut walker = Walker {
        r: *reader,
        facts,
        functional,
    };
    let scope = Scope {
        outer: Vec::new(),
        kind: None,
    };
    walker.members(0, reader.src.len(), &scope);
}

struct Walker<'a, 'f> {
    r: Reader<'a>,
    facts: &'f mut FileFacts,
    /// Whether the file declares functional routes (bodies are searched for them).
    functional: bool,
}

impl Walker<'_, '_> {
    fn kotlin(&self) -> bool {
        self.r.dialect == Dialect::Kotlin
    }

    /// Reads the members between `start` and `end` (a file or a class body). Returns the
    /// classes found directly in it (added to `facts.classes` too).
    fn members(&mut self, start: usize, end: usize, scope: &Scope) {
        let src = self.r.src;
        let mut annotations = Vec::new();
        let mut modifiers: Vec<&str> = Vec::new();
        let mut i = start;
        while i < end {
            let Some(kind) = src.kind(i) else { break };
            if src.is(i, "@") {
                if src.is_ident(i + 1, "interface") {
                    // An annotation type: skip its declaration.
                    i = self.skip_declaration(i + 2, end);
                    annotations.clear();
                    modifiers.clear();
                    continue;
                }
                match self.r.annotation(i) {
                    Some((annotation, next)) => {
                        annotations.push(annotation);
                        i = next;
                    }
                    None => i += 1,
                }
                continue;
            }
            if kind == Kind::Punct {
                if src.is(i, "{") {
                    // An initializer block or stray group.
                    self.search_body(i, scope);
                    i = src.after_group(i);
                } else {
                    i += 1;
                }
                annotations.clear();
                modifiers.clear();
                continue;
            }
            if kind != Kind::Ident {
                i += 1;
                continue;
            }
            let word = src.text(i);
            match word {
                "package" if scope.kind.is_none() => {
                    let (name, next) = self.dotted(i + 1, end);
                    self.facts.package = name;
                    i = next;
                }
                "import" if scope.kind.is_none() => i = self.import(i + 1, end),
                "class" | "interface" | "enum" | "record" | "object"
                    if !src.is(i.wrapping_sub(1), ".") && !src.is(i.wrapping_sub(1), "::") =>
                {
                    // `fun interface` and `enum class` are read by their last keyword.
                    let mut kind = match word {
                        "interface" => ClassKind::Interface,
                        "enum" => ClassKind::Enum,
                        "object" => ClassKind::Object,
                        _ if modifiers.contains(&"abstract") => ClassKind::Abstract,
                        _ => ClassKind::Class,
                    };
                    if word == "enum" && src.is_ident(i + 1, "class") {
                        i += 1;
                    }
                    if modifiers.contains(&"enum") {
                        kind = ClassKind::Enum;
                    }
                    let companion = modifiers.contains(&"companion");
                    i = self.class(i, end, kind, companion, std::mem::take(&mut annotations), scope);
                    modifiers.clear();
                }
                "fun" if self.kotlin() => {
                    i = self.kotlin_fun(i, end, std::mem::take(&mut annotations), scope);
                    modifiers.clear();
                }
                "val" | "var" if self.kotlin() => {
                    i = self.kotlin_property(i, end, &modifiers, scope);
                    annotations.clear();
                    modifiers.clear();
                }
                "init" if self.kotlin() && src.is(i + 1, "{") => {
                    self.search_body(i + 1, scope);
                    i = src.after_group(i + 1);
                }
                _ if MODIFIERS.contains(&word) => {
                    modifiers.push(word);
                    i += 1;
                    // `non-sealed`
                    if word == "non" && src.is(i, "-") {
                        i += 2;
                    }
                }
                _ if !self.kotlin() && scope.kind.is_some() => {
                    i = self.java_member(i, end, std::mem::take(&mut annotations), &modifiers, scope);
                    modifiers.clear();
                }
                _ => {
                    // Kotlin top-level expressions (`fun main() = runApplication<...>()`
                    // handled above) and anything unexpected: skip one token.
                    i += 1;
                    annotations.clear();
                    modifiers.clear();
                }
            }
        }
    }

    /// A dotted name from `i` (`org.example.Foo`): the name and the index after it.
    fn dotted(&self, mut i: usize, end: usize) -> (String, usize) {
        let src = self.r.src;
        let mut name = String::new();
        while i < end {
            match src.kind(i) {
                Some(Kind::Ident) => name.push_str(src.text(i)),
                Some(Kind::Punct) if src.is(i, ".") => name.push('.'),
                Some(Kind::Punct) if src.is(i, "*") => name.push('*'),
                _ => break,
            }
            i += 1;
            // Kotlin has no semicolons: a name ends at the line's end.
            if self.kotlin() && src.line_start(i) {
                break;
            }
        }
        if src.is(i, ";") {
            i += 1;
        }
        (name, i)
    }

    fn import(&mut self, i: usize, end: usize) -> usize {
        let src = self.r.src;
        let i = if src.is_ident(i, "static") { i + 1 } else { i };
        let (path, mut next) = self.dotted(i, end);
        let mut alias = path.rsplit('.').next().unwrap_or("").to_string();
        if self.kotlin() && src.is_ident(next, "as") {
            alias = src.text(next + 1).to_string();
            next += 2;
        }
        self.facts.imports.push(Import {
            alias,
            path,
            member: String::new(),
        });
        next
    }

    /// Skips a declaration that is not read (an annotation type): up to its body's end.
    fn skip_declaration(&self, mut i: usize, end: usize) -> usize {
        let src = self.r.src;
        while i < end {
            if src.is(i, "{") {
                return src.after_group(i);
            }
            if src.is(i, ";") {
                return i + 1;
            }
            i += 1;
        }
        end
    }

    /// A class declaration at the keyword `at`. Returns the index after it.
    fn class(
        &mut self,
        at: usize,
        end: usize,
        kind: ClassKind,
        companion: bool,
        annotations: Vec<super::facts::Annotation>,
        scope: &Scope,
    ) -> usize {
        let src = self.r.src;
        let mut i = at + 1;
        let name = match src.ident(i) {
            Some(name) => {
                i += 1;
                name.to_string()
            }
            None if companion => "Companion".to_string(),
            None => return i,
        };
        let (line, column) = self.r.pos(at);
        let mut class = Class {
            name: name.clone(),
            outer: scope.outer.clone(),
            kind,
            line,
            column,
            annotations,
            supers: Vec::new(),
            methods: Vec::new(),
            fields: Vec::new(),
            attributes: Vec::new(),
        };
        // The header: type parameters, a record's or Kotlin's primary constructor, supertypes.
        let mut angle = 0i32;
        let mut in_supers = false;
        let mut body = None;
        while i < end {
            if angle == 0 && src.is(i, "{") {
                body = Some(i);
                break;
            }
            if angle == 0 && (src.is(i, ";") || src.is(i, "}")) {
                break;
            }
            // A Kotlin class without a body ends at the line's end, where a new declaration starts.
            if self.kotlin() && angle == 0 && i > at + 2 && src.line_start(i) && !in_supers_continues(src, i)
            {
                break;
            }
            if src.is(i, "<") {
                angle += 1;
            } else if src.is(i, ">") {
                angle -= 1;
            } else if src.is(i, "(") {
                if !in_supers {
                    self.constructor_fields(i, &mut class);
                }
                i = src.after_group(i);
                continue;
            } else if angle == 0
                && (src.is_ident(i, "extends") || src.is_ident(i, "implements") || src.is(i, ":"))
            {
                in_supers = true;
            } else if angle == 0 && in_supers && src.kind(i) == Some(Kind::Ident) && !src.is(i + 1, ".") {
                let word = src.text(i);
                if !matches!(word, "extends" | "implements" | "by" | "where" | "permits") {
                    class.supers.push(word.to_string());
                }
            }
            i += 1;
        }
        let mut next = i;
        if let Some(open) = body {
            let close = src.partner(open).unwrap_or(end);
            let mut outer = scope.outer.clone();
            outer.push(name);
            let inner = Scope {
                outer,
                kind: Some(kind),
            };
            let index = self.facts.classes.len();
            self.facts.classes.push(class);
            self.members(open + 1, close.min(end), &inner);
            // Members were pushed onto the class at `index` as they were read.
            let _ = index;
            next = close + 1;
        } else {
            self.facts.classes.push(class);
        }
        next
    }

    /// The class being read (the last one pushed whose scope matches).
    fn current(&mut self, scope: &Scope) -> Option<&mut Class> {
        let name = scope.outer.last()?;
        let outer = &scope.outer[..scope.outer.len() - 1];
        self.facts
            .classes
            .iter_mut()
            .rev()
            .find(|c| &c.name == name && c.outer == outer)
    }

    /// Fields of a record header or a Kotlin primary constructor (`val`/`var` parameters).
    fn constructor_fields(&self, open: usize, class: &mut Class) {
        let src = self.r.src;
        for (start, end) in self.r.args(open) {
            let mut name = None;
            let mut i = start;
            while i < end {
                if src.is(i, "@") {
                    i = self.r.annotation(i).map_or(i + 1, |(_, next)| next);
                    continue;
                }
                if self.kotlin() {
                    if (src.is_ident(i, "val") || src.is_ident(i, "var"))
                        && src.kind(i + 1) == Some(Kind::Ident)
                    {
                        name = Some(src.text(i + 1).to_string());
                        break;
                    }
                } else if src.kind(i) == Some(Kind::Ident) && (i + 1 == end) {
                    name = Some(src.text(i).to_string());
                }
                i += 1;
            }
            if let Some(name) = name {
                class.fields.push(name);
            }
        }
    }

    /// A Java member at `i` (after annotations and modifiers): a method, a constructor, or
    /// fields. Returns the index after it.
    fn java_member(
        &mut self,
        start: usize,
        end: usize,
        annotations: Vec<super::facts::Annotation>,
        modifiers: &[&str],
        scope: &Scope,
    ) -> usize {
        let src = self.r.src;
        let mut i = start;
        let mut angle = 0i32;
        // Find `name (` (a method) or `=`/`;` (fields) at depth 0.
        while i < end {
            if src.is(i, "<") {
                angle += 1;
            } else if src.is(i, ">") {
                angle -= 1;
            } else if angle <= 0 && src.is(i, "(") && src.kind(i.wrapping_sub(1)) == Some(Kind::Ident) {
                return self.java_method(start, i, end, annotations, scope);
            } else if angle <= 0 && (src.is(i, "=") || src.is(i, ";") || src.is(i, ",")) {
                return self.java_fields(start, i, end, modifiers, scope);
            } else if src.is(i, "{") || src.is(i, "}") {
                // An enum constant body or malformed input.
                return if src.is(i, "{") { src.after_group(i) } else { i + 1 };
            } else if src.is(i, "@") {
                return i;
            }
            i += 1;
        }
        end
    }

    fn java_method(
        &mut self,
        start: usize,
        open: usize,
        end: usize,
        annotations: Vec<super::facts::Annotation>,
        scope: &Scope,
    ) -> usize {
        let src = self.r.src;
        let name = src.text(open - 1).to_string();
        let returns: Vec<String> = (start..open - 1)
            .filter(|&i| src.kind(i) == Some(Kind::Ident))
            .map(|i| src.text(i).to_string())
            .collect();
        let params = self.params(open);
        let (line, column) = self.r.pos(open - 1);
        let mut i = src.after_group(open);
        // `throws ...`, `default value` (annotation members), then a body or `;`.
        while i < end && !src.is(i, "{") && !src.is(i, ";") && !src.is(i, "}") {
            i += 1;
        }
        let body = src.is(i, "{").then_some(i);
        let next = match body {
            Some(open) => src.after_group(open),
            None if src.is(i, ";") => i + 1,
            None => i,
        };
        // Constructors have no return type.
        if !returns.is_empty() {
            let method = Method {
                name,
                line,
                column,
                annotations,
                params,
                returns,
            };
            if let Some(class) = self.current(scope) {
                class.methods.push(method);
            }
        }
        if let Some(open) = body {
            self.search_body(open, scope);
        }
        next
    }

    /// Field declarations: `Type a = x, b = y;`. Static final strings (and every field of an
    /// interface) are constants; others are instance fields.
    fn java_fields(
        &mut self,
        start: usize,
        mut at: usize,
        end: usize,
        modifiers: &[&str],
        scope: &Scope,
    ) -> usize {
        let src = self.r.src;
        let interface = scope.kind == Some(ClassKind::Interface);
        let constant = interface || (modifiers.contains(&"static") && modifiers.contains(&"final"));
        let is_static = interface || modifiers.contains(&"static");
        let owner = scope.outer.last().cloned().unwrap_or_default();
        let mut name_at = at.wrapping_sub(1);
        loop {
            let name = src.ident(name_at).map(str::to_string);
            let mut value_range = None;
            if src.is(at, "=") {
                // The initializer runs to the next `,` or `;` at depth 0.
                let value_start = at + 1;
                let mut i = value_start;
                while i < end && !src.is(i, ",") && !src.is(i, ";") {
                    if src.is(i, "}") {
                        break;
                    }
                    i = if src.is(i, "(") || src.is(i, "[") || src.is(i, "{") {
                        src.after_group(i)
                    } else {
                        i + 1
                    };
                }
                value_range = Some((value_start, i));
                at = i;
            }
            if let Some(name) = name {
                match value_range {
                    Some(range) if constant => {
                        if let Some(value) = self.r.expr(range) {
                            if value.0.iter().any(|p| matches!(p, Piece::Lit(_))) || value.0.len() == 1 {
                                self.facts.constants.push(Constant {
                                    owner: owner.clone(),
                                    name,
                                    value,
                                });
                            }
                        }
                    }
                    _ if !is_static => {
                        if let Some(class) = self.current(scope) {
                            class.fields.push(name);
                        }
                    }
                    _ => {}
                }
            }
            if src.is(at, ",") && src.kind(at + 1) == Some(Kind::Ident) {
                name_at = at + 1;
                at += 2;
                // Array declarators `a[]`.
                while src.is(at, "[") {
                    at = src.after_group(at);
                }
                continue;
            }
            break;
        }
        let _ = start;
        if src.is(at, ";") {
            at + 1
        } else {
            at.max(start + 1)
        }
    }

    /// A Kotlin function at `fun`.
    fn kotlin_fun(
        &mut self,
        at: usize,
        end: usize,
        annotations: Vec<super::facts::Annotation>,
        scope: &Scope,
    ) -> usize {
        let src = self.r.src;
        let mut i = at + 1;
        // Type parameters.
        if src.is(i, "<") {
            let mut angle = 0;
            while i < end {
                if src.is(i, "<") {
                    angle += 1;
                } else if src.is(i, ">") {
                    angle -= 1;
                    if angle == 0 {
                        i += 1;
                        break;
                    }
                }
                i += 1;
            }
        }
        // Receiver types and the name: the identifier before `(`.
        while i < end && !src.is(i, "(") {
            if src.line_start(i) && i > at + 1 {
                return i;
            }
            i += 1;
        }
        let open = i;
        let Some(name) = src.ident(open.wrapping_sub(1)).map(str::to_string) else {
            return open + 1;
        };
        let params = self.params(open);
        let (line, column) = self.r.pos(open - 1);
        i = src.after_group(open);
        let mut returns = Vec::new();
        if src.is(i, ":") {
            i += 1;
            while i < end && !src.is(i, "{") && !src.is(i, "=") && !(src.line_start(i)) {
                if src.kind(i) == Some(Kind::Ident) && !src.is_ident(i, "where") {
                    returns.push(src.text(i).to_string());
                }
                if src.is(i, "(") {
                    i = src.after_group(i);
                    continue;
                }
                i += 1;
            }
        }
        let method = Method {
            name,
            line,
            column,
            annotations,
            params,
            returns,
        };
        if scope.kind.is_some() {
            if let Some(class) = self.current(scope) {
                class.methods.push(method);
            }
        }
        if src.is(i, "{") {
            self.search_body(i, scope);
            return src.after_group(i);
        }
        if src.is(i, "=") {
            let (expr_start, next) = self.kotlin_expression(i + 1, end);
            self.search_range(expr_start, next, scope);
            return next;
        }
        i
    }

    /// A Kotlin expression body or initializer from `start`: up to the next line that starts a
    /// declaration at this depth.
    fn kotlin_expression(&self, start: usize, end: usize) -> (usize, usize) {
        let src = self.r.src;
        let mut i = start;
        while i < end {
            if i > start && src.line_start(i) {
                let word = src.text(i);
                if src.is(i, "@")
                    || src.is(i, "}")
                    || matches!(
                        word,
                        "fun" | "val" | "var" | "class" | "object" | "interface" | "init"
                    )
                    || MODIFIERS.contains(&word)
                {
                    break;
                }
            }
            if src.is(i, "}") {
                break;
            }
            i = if src.is(i, "(") || src.is(i, "[") || src.is(i, "{") {
                src.after_group(i)
            } else {
                i + 1
            };
        }
        (start, i)
    }

    /// A Kotlin property: `const val X = "..."`, `val x: Type`, `val y = expr`.
    fn kotlin_property(&mut self, at: usize, end: usize, modifiers: &[&str], scope: &Scope) -> usize {
        let src = self.r.src;
        let mut i = at + 1;
        // Extension properties (`val Foo.bar`) and destructuring are not read.
        let Some(name) = src.ident(i).map(str::to_string) else {
            return i;
        };
        i += 1;
        while src.is(i, ".") && src.kind(i + 1) == Some(Kind::Ident) {
            i += 2;
        }
        if src.is(i, ":") {
            i += 1;
            while i < end && !src.is(i, "=") && !src.line_start(i) && !src.is(i, "{") {
                i = if src.is(i, "(") { src.after_group(i) } else { i + 1 };
            }
        }
        let in_object = matches!(scope.kind, Some(ClassKind::Object) | None);
        let constant = modifiers.contains(&"const") || in_object;
        // A companion object's constants are read through its class (`Api.BASE`).
        let owner = scope
            .outer
            .iter()
            .rev()
            .find(|n| n.as_str() != "Companion")
            .cloned()
            .unwrap_or_default();
        if src.is(i, "=") {
            let (start, next) = self.kotlin_expression(i + 1, end);
            if constant {
                if let Some(value) = self.r.expr((start, next)) {
                    self.facts.constants.push(Constant { owner, name, value });
                }
            } else if let Some(class) = self.current(scope) {
                class.fields.push(name);
            }
            self.search_range(start, next, scope);
            return next;
        }
        // Getters: `val x get() = ...` and delegated properties are skipped to the line's end.
        if !constant {
            if let Some(class) = self.current(scope) {
                class.fields.push(name);
            }
        }
        let mut j = i;
        while j < end && !src.line_start(j) {
            j = if src.is(j, "{") || src.is(j, "(") {
                src.after_group(j)
            } else {
                j + 1
            };
        }
        j.max(i)
    }

    /// Parameters of the list opening at `open`.
    fn params(&self, open: usize) -> Vec<Param> {
        let src = self.r.src;
        let mut out = Vec::new();
        // Generic arguments hold commas: rejoin ranges split inside `<...>`.
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        let mut angle = 0i32;
        for (start, end) in self.r.args(open) {
            let joined = angle > 0;
            for i in start..end {
                if src.is(i, "<") {
                    angle += 1;
                } else if src.is(i, ">") {
                    angle -= 1;
                }
            }
            match ranges.last_mut() {
                Some(last) if joined => last.1 = end,
                _ => ranges.push((start, end)),
            }
        }
        for (start, end) in ranges {
            let mut annotations = Vec::new();
            let mut i = start;
            let mut idents = Vec::new();
            let mut name_at = None;
            while i < end {
                if src.is(i, "@") {
                    match self.r.annotation(i) {
                        Some((annotation, next)) => {
                            annotations.push(annotation);
                            i = next;
                        }
                        None => i += 1,
                    }
                    continue;
                }
                if self.kotlin() && src.is(i, ":") && name_at.is_none() {
                    name_at = Some(i - 1);
                } else if self.kotlin() && src.is(i, "=") {
                    break;
                } else if src.kind(i) == Some(Kind::Ident) {
                    idents.push(i);
                }
                i += 1;
            }
            let (name, ty) = if self.kotlin() {
                let name = name_at.and_then(|n| src.ident(n)).unwrap_or("").to_string();
                let ty = idents
                    .iter()
                    .filter(|&&t| Some(t) != name_at && !matches!(src.text(t), "val" | "var" | "vararg"))
                    .map(|&t| src.text(t).to_string())
                    .collect();
                (name, ty)
            } else {
                let Some((&last, rest)) = idents.split_last() else {
                    continue;
                };
                let ty = rest
                    .iter()
                    .map(|&t| src.text(t).to_string())
                    .filter(|t| t != "final")
                    .collect();
                (src.text(last).to_string(), ty)
            };
            out.push(Param {
                name,
                annotations,
                ty,
            });
        }
        out
    }

    fn search_body(&mut self, open: usize, scope: &Scope) {
        if !self.functional {
            return;
        }
        let end = self.r.src.partner(open).unwrap_or(open);
        self.search_range(open, end, scope);
    }

    /// Functional routes in a body or expression: calls `GET("/x", handler)` (any HTTP method in
    /// upper case, or `.GET(`/`.POST(` on a builder) with a string first argument, under the
    /// prefixes of the `nest`/`path` groups that enclose them.
    fn search_range(&mut self, start: usize, end: usize, scope: &Scope) {
        if !self.functional || start >= end {
            return;
        }
        let src = self.r.src;
        // Prefix groups: (close index, prefix).
        let mut prefixes: Vec<(usize, Expr)> = Vec::new();
        let mut i = start;
        while i < end {
            while prefixes.last().is_some_and(|(close, _)| *close <= i) {
                prefixes.pop();
            }
            if let Some((group, prefix)) = self.nest_group(i) {
                if let Some(close) = src.partner(group) {
                    prefixes.push((close, prefix));
                }
            }
            let word = src.ident(i).unwrap_or("");
            if let Some(method) = http_method(word).filter(|m| *m == word) {
                if src.is(i + 1, "(") && !src.is(i.wrapping_sub(1), "::") {
                    let args = self.r.args(i + 1);
                    if let Some(&first) = args.first() {
                        if let Some(path) = self
                            .r
                            .expr(first)
                            .filter(|e| e.0.iter().any(|p| matches!(p, Piece::Lit(_))))
                        {
                            // `GET("/x", h::m)` (builder), or `route(GET("/x"), h::m)`: the
                            // handler follows the predicate.
                            let after = src.after_group(i + 1);
                            let handler = args
                                .iter()
                                .skip(1)
                                .find_map(|&(s, e)| handler_ref(self.r.src, s, e))
                                .or_else(|| {
                                    src.is(after, ",")
                                        .then(|| handler_ref(self.r.src, after + 1, (after + 8).min(end)))
                                        .flatten()
                                })
                                .unwrap_or_default();
                            let mut full = Expr::default();
                            for (_, prefix) in &prefixes {
                                full.0.extend(prefix.0.iter().cloned());
                            }
                            full.0.extend(path.0);
                            let (line, column) = self.r.pos(i);
                            let owner = scope.outer.last().cloned().unwrap_or_default();
                            self.facts.direct.push(DirectRoute {
                                methods: vec![method.to_string()],
                                path: full,
                                handler: if handler.is_empty() { owner } else { handler },
                                framework: "spring-webflux-functional",
                                line,
                                column,
                                info: OpInfo::default(),
                                optional: false,
                                unless_dispatches: None,
                            });
                        }
                    }
                }
            }
            i += 1;
        }
    }

    /// Whether token `i` starts a nesting construct; returns the group it applies to and the
    /// prefix: Kotlin `"/api".nest {`, `path("/api").nest {`, Java `.path("/api", b -> ..)`,
    /// `nest(path("/api"), ..)`, `andNest(path("/api"), ..)`.
    fn nest_group(&self, i: usize) -> Option<(usize, Expr)> {
        let src = self.r.src;
        if src.kind(i) == Some(Kind::Str)
            && src.is(i + 1, ".")
            && src.is_ident(i + 2, "nest")
            && src.is(i + 3, "{")
        {
            return Some((i + 3, self.r.expr((i, i + 1))?));
        }
        if src.is_ident(i, "path") && src.is(i + 1, "(") {
            let args = self.r.args(i + 1);
            let close = src.partner(i + 1)?;
            if args.len() == 1
                && src.is(close + 1, ".")
                && src.is_ident(close + 2, "nest")
                && src.is(close + 3, "{")
            {
                return Some((close + 3, self.r.expr(args[0])?));
            }
            if args.len() >= 2 && src.is(i.wrapping_sub(1), ".") {
                return Some((i + 1, self.r.expr(args[0])?));
            }
        }
        if (src.is_ident(i, "nest") || src.is_ident(i, "andNest")) && src.is(i + 1, "(") {
            let args = self.r.args(i + 1);
            let &(s, e) = args.first()?;
            if src.is_ident(s, "path") && src.is(s + 1, "(") {
                let inner = self.r.args(s + 1);
                let _ = e;
                return Some((i + 1, self.r.expr(*inner.first()?)?));
            }
        }
        None
    }
}

/// Whether a Kotlin class header continues on this line (`: Base(),` continued supertypes).
fn in_supers_continues(src: crate::parse::code::Src<'_>, i: usize) -> bool {
    src.is(i, ":") || src.is(i, ",") || src.is(i.wrapping_sub(1), ",") || src.is(i.wrapping_sub(1), ":")
}

/// A handler reference `Handler::method` or `handler::method` in an argument.
fn handler_ref(src: crate::parse::code::Src<'_>, start: usize, end: usize) -> Option<String> {
    (start..end).find_map(|i| {
        (src.is(i, "::") && src.kind(i + 1) == Some(Kind::Ident)).then(|| {
            format!(
                "{}.{}",
                src.ident(i.wrapping_sub(1)).unwrap_or(""),
                src.text(i + 1)
            )
        })
    })
}
