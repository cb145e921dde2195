//! Code routes: the HTTP operations a service's source code serves, read without building or
//! running anything. One reader per language family reads each source file into
//! [`facts::FileFacts`] (declarations, constants, routers, mounts; `jvm`, `jdkhttp`, `js`,
//! `python`, `go`, `gozero`), configuration files give context paths (`context`), and `finish` resolves the
//! whole run at once: constants from other classes, mappings inherited from interfaces and
//! abstract superclasses, routers mounted in other routers or files, context paths, into one
//! [`crate::model::served::ServedOperation`] per operation served.
//!
//! Cheap first: a file is tokenized only when it names a supported framework (a marker such as
//! `Mapping`, `@Path`, `APIRouter`, `express`, `gin.`); other JVM and Python sources are kept
//! by name, so `finish` can read the few that hold a constant or a request type a route needs.
//! Test code (`[checks] test-paths`), mock servers and vendored code are not read. A file that
//! does not parse is read as far as it goes; what could not be read is counted.

pub mod context;
pub mod facts;
pub mod finish;
pub mod go;
pub mod gozero;
pub mod index;
pub mod jaxrs;
pub mod jdkhttp;
pub mod js;
pub mod jvm;
pub mod paths;
pub mod python;
pub mod router;
pub mod spring;
pub mod syntax;

use crate::frontend::{Extraction, FrontEnd, Pending};
use crate::input::FileInput;
use crate::model::Portfolio;
use crate::parse::code::{lex, Dialect, Src};
use crate::settings::Settings;
use aho_corasick::AhoCorasick;
use facts::FileFacts;
use std::sync::LazyLock;
use syntax::Reader;

/// Path segments of code that serves no production route: mock servers, stubs, vendored
/// third-party code. Tests are excluded by `[checks] test-paths`. (Not `examples`: Java and
/// Kotlin packages are directories, and `org.example.api` serves real routes.)
const NOT_SERVICE_DIRS: &[&str] = &[
    "mock",
    "mocks",
    "__mocks__",
    "mock-server",
    "mockserver",
    "mock_server",
    "wiremock",
    "stubs",
    "vendor",
    "third_party",
    "third-party",
    "node_modules",
    "site-packages",
];

/// Markers of the supported frameworks: a source file without one is not tokenized. They name
/// an annotation, an import or a call the framework needs, not a bare word (`express` is in
/// every `expression`, `Controller` in `AccessController`, `.Get(` in every Go map lookup).
fn markers(dialect: Dialect) -> &'static Markers {
    static JVM: LazyLock<Markers> = LazyLock::new(|| {
        build(&[
            "@RequestMapping",
            "@GetMapping",
            "@PostMapping",
            "@PutMapping",
            "@DeleteMapping",
            "@PatchMapping",
            "@RestController",
            "@Controller",
            "@Path",
            "@GET",
            "@POST",
            "@PUT",
            "@DELETE",
            "@PATCH",
            "@HEAD",
            "@OPTIONS",
            "@ApplicationPath",
            "RouterFunction",
            "coRouter",
            "router {",
            "HttpExchange",
            "createContext(",
        ])
    });
    static JS: LazyLock<Markers> = LazyLock::new(|| {
        build(&[
            "'express'",
            "\"express\"",
            "express.Router",
            "'koa'",
            "\"koa\"",
            "koa-router",
            "@koa/router",
            "@nestjs/",
            "Router()",
            "setGlobalPrefix",
        ])
    });
    // Markers begin with rare letters: the SIMD search checks every place their first bytes
    // occur (`add_`, `from `, `New` and `github.com/` are everywhere).
    static PYTHON: LazyLock<Markers> = LazyLock::new(|| {
        build(&[
            "flask",
            "Flask",
            "fastapi",
            "FastAPI",
            "APIRouter",
            "Blueprint",
            "t_framework",
            "urlpatterns",
            "_url_rule",
            "_api_route",
        ])
    });
    static GO: LazyLock<Markers> = LazyLock::new(|| {
        build(&[
            "HandleFunc(",
            ".Handle(\"",
            "ServeMux",
            "gin-gonic/gin",
            "labstack/echo",
            "go-chi/chi",
            "gorilla/mux",
            "zeromicro/go-zero",
        ])
    });
    match dialect {
        Dialect::Java | Dialect::Kotlin => &JVM,
        Dialect::Js => &JS,
        Dialect::Python => &PYTHON,
        Dialect::Go => &GO,
    }
}

/// A set of markers searched for at once: Teddy's SIMD search (`packed`) where the CPU has it,
/// ten times the speed of the general automaton over source text, which is the fallback.
struct Markers {
    packed: Option<aho_corasick::packed::Searcher>,
    automaton: AhoCorasick,
}

impl Markers {
    fn is_match(&self, text: &str) -> bool {
        match &self.packed {
            Some(searcher) => searcher.find(text).is_some(),
            None => self.automaton.is_match(text),
        }
    }
}

fn build(patterns: &[&str]) -> Markers {
    Markers {
        packed: aho_corasick::packed::Searcher::new(patterns.iter()),
        automaton: AhoCorasick::new(patterns).unwrap_or_else(|error| panic!("route markers: {error}")),
    }
}

/// Whether a path (relative to its root) is mock, vendored or example code.
pub fn outside_service(rel: &str) -> bool {
    rel.split('/').rev().skip(1).any(|segment| {
        NOT_SERVICE_DIRS
            .iter()
            .any(|dir| dir.eq_ignore_ascii_case(segment))
    })
}

/// The route front end: source files of the supported languages, the configuration files that
/// set context paths, and go-zero `.api` definitions.
pub struct Routes;

impl FrontEnd for Routes {
    fn claims(&self, input: &FileInput) -> bool {
        // Only source files, configuration files and go-zero definitions are read here; most
        // files of a tree are none of them, and are left before the path globs run.
        let name = input.file_name();
        Dialect::of_path(&name).is_some()
            || name.ends_with(".yml")
            || name.ends_with(".yaml")
            || name.ends_with(".properties")
            || name.ends_with(".api")
    }

    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction) {
        if let Some(facts) = extract(input, settings) {
            out.pending.routes.push(facts);
        }
    }

    /// Resolves every file's facts into served operations, then marks which spec operations the
    /// code of their service serves (also in `merge`, over the entries read back).
    fn finish(&self, portfolio: &mut Portfolio, pending: &mut Pending, settings: &Settings) {
        finish::finish(portfolio, std::mem::take(&mut pending.routes), settings);
    }
}

/// Reads what one file contributes to the served routes: None for a file that contributes
/// nothing (test, mock or vendored code, a source file without a framework marker, a
/// configuration file without a context path).
fn extract(input: &FileInput, settings: &Settings) -> Option<FileFacts> {
    let file = &input.file;
    let rel = file.rel.as_str();
    let name = input.file_name();
    let dialect = Dialect::of_path(&name);
    if settings.test_paths.is_match(rel) || outside_service(rel) {
        return None;
    }
    let mut facts = FileFacts {
        file: file.path.clone(),
        rel: file.rel.clone(),
        fs_path: file.fs_path.clone(),
        files: facts::Files(input.files.clone()),
        ..FileFacts::default()
    };
    if context::is_spring_config(&name) {
        context::read_spring(input, &mut facts.contexts, &mut facts.properties);
    } else if name.ends_with(".yml") || name.ends_with(".yaml") {
        context::read_dropwizard(input, &mut facts.contexts);
    }
    if name.ends_with(".api") {
        gozero::read(file, &mut facts);
    } else if let Some(dialect) = dialect {
        facts.dialect = Some(dialect);
        if markers(dialect).is_match(&file.text) {
            read_text(file, dialect, &mut facts);
        } else if !matches!(
            dialect,
            Dialect::Java | Dialect::Kotlin | Dialect::Python | Dialect::Js
        ) {
            return None;
        }
    }
    (facts.read
        || !facts.contexts.is_empty()
        || !facts.properties.is_empty()
        || !facts.direct.is_empty()
        || facts.dialect.is_some())
    .then_some(facts)
}

/// Reads a source text (also used by `finish` for files the per-file pass skipped).
pub fn read_text(file: &crate::source::SourceFile, dialect: Dialect, facts: &mut FileFacts) {
    let lexed = lex(&file.text, dialect);
    let src = Src::new(&file.text, &lexed);
    let reader = Reader { src, file, dialect };
    facts.read = true;
    facts.dialect = Some(dialect);
    facts.unread = u32::from(lexed.unterminated.is_some()) + lexed.unbalanced;
    match dialect {
        Dialect::Java | Dialect::Kotlin => {
            let functional = ["RouterFunction", "coRouter", "router {"]
                .iter()
                .any(|m| file.text.contains(m));
            jvm::read(&reader, facts, functional);
            if file.text.contains("HttpExchange") || file.text.contains("createContext(") {
                jdkhttp::read(&reader, facts);
            }
        }
        Dialect::Js => js::read(&reader, facts),
        Dialect::Python => python::read(&reader, facts),
        Dialect::Go => go::read(&reader, facts),
    }
}
