//! What the route readers take from one file, before anything is resolved across files: class
//! declarations with their annotations (Spring, JAX-RS, NestJS, DRF viewsets), string
//! constants, router objects with the routes registered on them and the places where one
//! router is mounted in another (Express `app.use`, FastAPI `include_router`, Flask blueprints,
//! gin/echo/chi groups), and context-path settings of configuration files. Paths stay
//! expressions ([`Expr`]) until `finish` knows every constant of the run.

use crate::discover::{Disk, FileSource};
use crate::parse::code::Dialect;
use std::sync::Arc;

/// One piece of a string expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Lit(String),
    /// A name: a constant (`API_BASE`, `Paths.USERS`), an enum value (`RequestMethod.GET`) or a
    /// variable, resolved in `finish`.
    Ref {
        qualifier: Option<String>,
        name: String,
    },
    /// Something that cannot be known without running the code.
    Unknown,
}

/// A string expression: pieces concatenated (`BASE + "/users"`, `"$BASE/users"`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expr(pub Vec<Piece>);

impl Expr {
    pub fn lit(text: impl Into<String>) -> Expr {
        Expr(vec![Piece::Lit(text.into())])
    }

    /// The text when the expression is literal throughout.
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Lit(text) => out.push_str(text),
                _ => return None,
            }
        }
        Some(out)
    }

    /// The last name of a reference expression (`RequestMethod.GET` -> `GET`).
    pub fn name(&self) -> Option<&str> {
        match self.0.as_slice() {
            [Piece::Ref { name, .. }] => Some(name),
            _ => None,
        }
    }
}

/// An annotation argument, a decorator keyword argument or a call argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Expr(Expr),
    List(Vec<Value>),
    /// A JS object literal `{ path: 'cats', version: '1' }`.
    Object(Vec<(String, Value)>),
    Annotation(Box<Annotation>),
    Other,
}

impl Value {
    /// The value as a list of expressions (a single one is a list of one).
    pub fn exprs(&self) -> Vec<&Expr> {
        match self {
            Value::Expr(expr) => vec![expr],
            Value::List(items) => items.iter().flat_map(Value::exprs).collect(),
            _ => Vec::new(),
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Expr(expr) => match expr.name() {
                Some("true" | "True") => Some(true),
                Some("false" | "False") => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// The literal text, when the value is one literal.
    pub fn text(&self) -> Option<String> {
        match self {
            Value::Expr(expr) => expr.literal(),
            _ => None,
        }
    }

    /// A member of an object literal.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// An annotation (Java/Kotlin/TypeScript) or decorator (Python), by its last name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub name: String,
    /// Arguments in order: `(name, value)`, the name absent for positional ones.
    pub args: Vec<(Option<String>, Value)>,
    pub line: u32,
    pub column: u32,
}

impl Annotation {
    pub fn arg(&self, name: &str) -> Option<&Value> {
        self.args
            .iter()
            .find(|(key, _)| key.as_deref() == Some(name))
            .map(|(_, value)| value)
    }

    /// The first positional argument, or `value`.
    pub fn value(&self) -> Option<&Value> {
        self.args
            .iter()
            .find(|(key, _)| key.is_none())
            .map(|(_, value)| value)
            .or_else(|| self.arg("value"))
    }

    pub fn has_args(&self) -> bool {
        !self.args.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassKind {
    Class,
    Abstract,
    Interface,
    /// A Kotlin `object` or companion object.
    Object,
    Enum,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub annotations: Vec<Annotation>,
    /// The identifiers of its type (`List<TransferDto>` -> `List`, `TransferDto`).
    pub ty: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    pub name: String,
    pub line: u32,
    pub column: u32,
    pub annotations: Vec<Annotation>,
    pub params: Vec<Param>,
    pub returns: Vec<String>,
}

/// A class, interface or object (or a Python class: its bases are `supers`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    pub name: String,
    /// Names of the enclosing classes, outermost first.
    pub outer: Vec<String>,
    pub kind: ClassKind,
    pub line: u32,
    pub column: u32,
    pub annotations: Vec<Annotation>,
    /// Superclass and interfaces (or Python bases), by simple name.
    pub supers: Vec<String>,
    pub methods: Vec<Method>,
    /// Instance field names (what a DTO carries).
    pub fields: Vec<String>,
    /// Class-level assignments of Python classes (`queryset = ...`, `lookup_field = "slug"`).
    pub attributes: Vec<(String, Value)>,
}

impl Class {
    pub fn annotation(&self, name: &str) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.name == name)
    }
}

/// A named string constant: a Java `static final` or interface field, a Kotlin `const val`, a
/// top-level Python, JS or Go string constant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constant {
    /// The class (or Kotlin object) that declares it; empty at file level.
    pub owner: String,
    pub name: String,
    pub value: Expr,
}

/// An import: `alias` is the name the file uses, `path` what it names (a qualified class, a
/// module, a relative file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub alias: String,
    pub path: String,
    /// The imported member of a module (`from app.api import router` -> `router`; JS named
    /// imports); empty for a whole module or class.
    pub member: String,
}

/// What a router object is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouterKind {
    /// An application (Express/Koa app, FastAPI/Flask app, gin engine, `http.ServeMux`): a root.
    App,
    /// A router created on its own and mounted somewhere (Express/koa Router, APIRouter,
    /// Blueprint, chi/gorilla router).
    Router,
    /// A function parameter that receives a router (`func Register(r *gin.RouterGroup)`,
    /// `module.exports = (app) => {...}`): its parent is found where the function is called.
    Param { function: String, index: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Router {
    pub kind: RouterKind,
    /// The variable that holds it (`scope` is the enclosing function, empty at file level).
    pub scope: String,
    pub name: String,
    /// Its own prefix (`APIRouter(prefix="/v1")`, `new Router({prefix: '/api'})`, `Blueprint(url_prefix=)`).
    pub prefix: Expr,
    pub framework: &'static str,
    pub line: u32,
    /// For a router that is not created in its file: the imported router it stands for
    /// (`from app import app`, `const app = require('./app')`).
    pub alias: Option<Child>,
}

/// What the code tells about one operation besides its method and path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpInfo {
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub deprecated: bool,
    /// Security annotations or dependencies, as written (`@PreAuthorize("hasRole('ADMIN')")`).
    pub security: Vec<String>,
    /// Query parameter names.
    pub query: Vec<String>,
    /// The request and response body types, by simple name.
    pub request_type: Option<String>,
    pub response_type: Option<String>,
    /// The operation's name in the code (`operationId` of the Swagger annotations, a handler name).
    pub operation_id: Option<String>,
}

/// A route registered on a router by a call (`router.get('/x', h)`, `@app.get("/x")`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Index into [`FileFacts::routers`].
    pub router: usize,
    /// HTTP methods, upper case; `ANY` when the route takes every method.
    pub methods: Vec<String>,
    pub path: Expr,
    pub handler: String,
    pub line: u32,
    pub column: u32,
    pub info: OpInfo,
}

/// What a mount attaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Child {
    /// A router of the same file.
    Local(usize),
    /// A router another file exports: `module` as the import wrote it, `name` the export
    /// (`default`, `router`, a Go function's package-qualified name).
    Import { module: String, name: String },
    /// Every router parameter of the function called with this router (`routes.Register(v1)`):
    /// `function` with its qualifier (package alias), `index` the argument position.
    Call {
        qualifier: Option<String>,
        function: String,
        index: usize,
    },
}

/// A router mounted on another under a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub parent: usize,
    pub prefix: Expr,
    pub child: Child,
    pub line: u32,
    /// The mount's prefix replaces the child's own (Flask `register_blueprint(url_prefix=)`).
    pub replaces: bool,
}

/// A context-path setting of a configuration file or of code (`setGlobalPrefix`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextSetting {
    /// What it applies to: `servlet` (Spring MVC, servlet containers), `webflux`, `jersey`,
    /// `dispatcher` (Spring MVC's DispatcherServlet only), `nest`, `fastapi`, `app`.
    pub scope: &'static str,
    pub path: String,
    /// The Spring profile of the document, when it is one.
    pub profile: Option<String>,
    /// For Spring configs: the profiles the document activates (`spring.profiles.active`).
    pub activates: Vec<String>,
    pub line: u32,
}

/// A Spring configuration property, for the `${key}` placeholders of mapping paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The key in relaxed form (no `-` or `_`, lower case), as Spring binds it.
    pub key: String,
    pub value: String,
    /// The Spring profile of the document, when it is one.
    pub profile: Option<String>,
}

/// Where a file's text is read from when `finish` needs it; None for the disk.
#[derive(Clone, Default)]
pub struct Files(pub Option<Arc<dyn FileSource>>);

impl Files {
    pub fn source(&self) -> &dyn FileSource {
        self.0.as_deref().unwrap_or(&Disk)
    }
}

impl std::fmt::Debug for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Files(tree)"
        } else {
            "Files(disk)"
        })
    }
}

/// Everything one file contributes.
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    pub file: String,
    pub rel: String,
    /// The file on disk (or in the revision's tree), for `finish` to read a referenced file the
    /// per-file pass skipped.
    pub fs_path: std::path::PathBuf,
    /// Where `fs_path` is read from: a base revision's files come from git, not the work tree.
    pub files: Files,
    pub dialect: Option<Dialect>,
    /// The Java/Kotlin package, or Go package name.
    pub package: String,
    pub imports: Vec<Import>,
    pub classes: Vec<Class>,
    pub constants: Vec<Constant>,
    pub routers: Vec<Router>,
    pub routes: Vec<Route>,
    pub mounts: Vec<Mount>,
    /// Names a JS module exports: (export name, router index).
    pub exports: Vec<(String, usize)>,
    pub contexts: Vec<ContextSetting>,
    /// Spring configuration properties (of `application*`/`bootstrap*` files).
    pub properties: Vec<Property>,
    /// Routes found directly with their full information (functional routers, go-zero `.api`
    /// files, dispatchers), already relative to the service.
    pub direct: Vec<DirectRoute>,
    /// Whether the per-file pass read the file's declarations (false for a file kept only so
    /// that `finish` may read it when a route needs one of its constants or types).
    pub read: bool,
    /// Parts of the file that could not be read (unterminated literals, unbalanced brackets).
    pub unread: u32,
}

/// A route whose path is known in the file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectRoute {
    pub methods: Vec<String>,
    pub path: Expr,
    pub handler: String,
    pub framework: &'static str,
    pub line: u32,
    pub column: u32,
    pub info: OpInfo,
    /// Dropped when its path does not resolve (a dispatch on a parameter no caller fills).
    pub optional: bool,
    /// Dropped when the named handler class dispatches by itself (JDK `createContext`).
    pub unless_dispatches: Option<String>,
}
