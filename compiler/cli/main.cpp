// ffidlc: the ffidl schema compiler.
//
//   ffidlc check FILE...                        parse and check, print diagnostics
//   ffidlc generate --lang LIST --out DIR FILE  write generated code
//   ffidlc dump FILE                            print the checked model as JSON
//   ffidlc compat OLD NEW [--wire native|cbor]  classify the changes from OLD to NEW
//
// Exit codes: 0 success, 1 schema errors, stale files or breaking changes,
// 2 usage or I/O errors (and, for compat, a schema that does not check).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include <unistd.h>

#include "checker.hpp"
#include "compat.hpp"
#include "formatter.hpp"
#include "generator.hpp"
#include "lsp/server.hpp"
#include "model_json.hpp"

#ifndef FFIDL_VERSION
#define FFIDL_VERSION "0.0.0"
#endif

namespace fs = std::filesystem;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_errors = 1;
constexpr int exit_usage = 2;

/// How every diagnostic of this run is written (--diagnostics-format, --color).
ffidl::DiagnosticStyle style;
/// `-I DIR`: where imported schemas are searched after the importing file's
/// own directory.
std::vector<std::string> import_dirs;

/// One schema: its text (diagnostics quote it, `fmt` rewrites it), its
/// diagnostics and, if it checks, its model. Each file is read once ("-",
/// standard input, cannot be read twice).
struct Loaded {
  std::unique_ptr<ffidl::SourceFile> file;
  std::unique_ptr<ffidl::Diagnostics> diags;
  std::optional<ffidl::model::Model> model;
};

/// Reads and checks `path`, printing its diagnostics to stderr; `status`
/// rises to exit_usage (unreadable) or exit_errors (does not check).
Loaded load_schema(const std::string& path, int& status) {
  Loaded out;
  out.file = std::make_unique<ffidl::SourceFile>("", "");
  std::string error;
  if (!ffidl::SourceFile::load(path, *out.file, error)) {
    std::cerr << "ffidlc: error: " << error << "\n";
    status = std::max(status, exit_usage);
    return out;
  }
  out.diags = std::make_unique<ffidl::Diagnostics>(*out.file, style);
  out.model = ffidl::compile(*out.diags, import_dirs);
  std::cerr << out.diags->render();
  if (!out.model) status = std::max(status, exit_errors);
  return out;
}

/// The model of `path`, if it checks (see load_schema).
std::optional<ffidl::model::Model> compile_file(const std::string& path, int& status) {
  return std::move(load_schema(path, status).model);
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

int cmd_check(const std::vector<std::string>& files) {
  int status = exit_ok;
  for (const std::string& f : files) {
    int s = exit_ok;
    compile_file(f, s);
    status = std::max(status, s);
  }
  return status;
}

/// One model as JSON; several as a JSON array of them, in argument order.
int cmd_dump(const std::vector<std::string>& files) {
  int status = exit_ok;
  std::vector<std::string> models;
  for (const std::string& f : files) {
    int s = exit_ok;
    auto model = compile_file(f, s);
    status = std::max(status, s);
    if (model) models.push_back(ffidl::to_json(*model));
  }
  if (status != exit_ok) return status;
  if (models.size() == 1) {
    std::cout << models[0];
    return status;
  }
  std::cout << "[\n";
  for (std::size_t i = 0; i < models.size(); ++i) {
    std::string m = models[i];
    while (!m.empty() && m.back() == '\n')
      m.pop_back();
    std::cout << m << (i + 1 < models.size() ? ",\n" : "\n");
  }
  std::cout << "]\n";
  return status;
}

/// `path` as a Make rule writes it (spaces and '#' escaped, '$' doubled).
std::string make_escape(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == ' ' || c == '#') out += '\\';
    if (c == '$') out += '$';
    out += c;
  }
  return out;
}

int cmd_generate(const std::vector<std::string>& langs, const std::string& out_dir,
                 const std::vector<std::string>& files, bool check_only, bool stub,
                 const std::string& go_module, const std::string& depfile) {
  std::vector<const ffidl::gen::Generator*> gens;
  for (const std::string& lang : langs) {
    const ffidl::gen::Generator* g = ffidl::gen::find(lang);
    if (!g) {
      std::cerr << "ffidlc: error: unknown language '" << lang
                << "' (available: " << ffidl::gen::names() << ")\n";
      return exit_usage;
    }
    gens.push_back(g);
  }
  int status = exit_ok;
  std::vector<ffidl::model::Model> models;
  std::map<std::string, std::string> library_of;  // library name -> schema
  for (const std::string& file : files) {
    int s = exit_ok;
    auto model = compile_file(file, s);
    status = std::max(status, s);
    if (!model) continue;
    if (model->library.name.original.empty()) {
      std::cerr << "ffidlc: error: " << file
                << " declares no library: it is a types file for other schemas to import; "
                   "generate from a schema with a library block\n";
      status = std::max(status, exit_errors);
      continue;
    }
    auto [it, fresh] = library_of.emplace(model->library.name.original, file);
    if (!fresh) {
      std::cerr << "ffidlc: error: " << file << " and " << it->second << " both define library '"
                << it->first << "', whose generated files would overwrite each other\n";
      return exit_usage;
    }
    models.push_back(std::move(*model));
  }
  if (status != exit_ok) return status;
  std::vector<std::string> outputs;
  ffidl::gen::Options options;
  options.stub = stub;
  options.go_module = go_module;
  std::vector<std::string> stale;
  for (const ffidl::model::Model& model : models) {
    for (const ffidl::gen::Generator* g : gens) {
      std::vector<ffidl::gen::OutputFile> generated;
      try {
        generated = g->run(model, options);
      } catch (const ffidl::gen::Unsupported& e) {
        std::cerr << "ffidlc: error: " << model.source_path << ": --lang " << g->lang << ": "
                  << e.what() << "\n";
        status = exit_errors;
        continue;
      }
      for (const ffidl::gen::OutputFile& f : generated) {
        fs::path path = fs::path(out_dir) / f.path;
        // Several languages may write one file (each --lang's set is complete).
        if (!f.user_owned &&
            std::find(outputs.begin(), outputs.end(), path.string()) == outputs.end())
          outputs.push_back(path.string());
        std::optional<std::string> existing = read_file(path);
        if (f.user_owned) {
          if (existing) {
            std::cerr << "ffidlc: error: " << path.string()
                      << " exists; --stub never overwrites an implementation (move it away "
                         "to get a fresh stub)\n";
            status = exit_errors;
          } else if (!check_only) {
            std::cerr << "ffidlc: wrote stub " << path.string() << "\n";
          }
          if (existing || check_only) continue;
        }
        if (existing && *existing == f.content) continue;  // keep mtimes of unchanged files
        if (check_only) {
          stale.push_back(path.string() + (existing ? " (differs)" : " (missing)"));
          continue;
        }
        std::error_code ec;
        fs::create_directories(path.parent_path(), ec);
        if (ec) {
          std::cerr << "ffidlc: error: cannot create directory " << path.parent_path().string()
                    << ": " << ec.message() << "\n";
          return exit_usage;
        }
        errno = 0;
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << f.content;
        out.close();
        if (!out) {
          std::cerr << "ffidlc: error: cannot write " << path.string() << ": "
                    << std::strerror(errno ? errno : EIO) << "\n";
          return exit_usage;
        }
      }
    }
  }
  if (!depfile.empty() && !check_only) {
    // Make syntax (as ninja and CMake's DEPFILE read it): every file written
    // depends on every schema read.
    std::string rule;
    for (const std::string& o : outputs)
      rule += (rule.empty() ? "" : " \\\n ") + make_escape(o);
    rule += ":";
    for (const ffidl::model::Model& m : models) {  // each schema and what it imports
      for (const std::string& f : m.sources)
        rule += " \\\n " + make_escape(f);
    }
    std::ofstream dep(depfile, std::ios::binary | std::ios::trunc);
    dep << rule << "\n";
    if (!dep) {
      std::cerr << "ffidlc: error: cannot write " << depfile << "\n";
      return exit_usage;
    }
  }
  if (!stale.empty()) {
    std::cerr << "ffidlc: generated files are out of date; rerun 'ffidlc generate' without "
                 "--check:\n";
    for (const std::string& s : stale)
      std::cerr << "  " << s << "\n";
    return exit_errors;
  }
  return status;
}

/// `fmt`: prints the canonical layout (one file), rewrites files (--write),
/// or lists the files not in it (--check, exit 1). A schema with errors is
/// not formatted: its structure is unknown.
int cmd_fmt(const std::vector<std::string>& files, bool check_only, bool write) {
  if (!check_only && !write && files.size() != 1) {
    std::cerr << "ffidlc: error: fmt prints one schema; use --write or --check for several\n";
    return exit_usage;
  }
  int status = exit_ok;
  for (const std::string& path : files) {
    Loaded schema = load_schema(path, status);
    if (!schema.model) continue;
    const ffidl::SourceFile& file = *schema.file;
    // A byte order mark is kept: fmt changes whitespace only, not encoding.
    std::string formatted = ffidl::format_schema(file.text());
    if (!check_only && !write) {
      std::cout << (file.byte_order_mark() ? "\xEF\xBB\xBF" : "") << formatted;
    } else if (formatted != file.text()) {
      if (check_only) {
        std::cout << path << "\n";
        status = std::max(status, exit_errors);
      } else if (path != "-") {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << (file.byte_order_mark() ? "\xEF\xBB\xBF" : "") << formatted;
        if (!out) {
          std::cerr << "ffidlc: error: cannot write " << path << "\n";
          return exit_usage;
        }
      }
    }
  }
  return status;
}

int cmd_compat(const std::string& old_path, const std::string& new_path, const std::string& wire) {
  using ffidl::compat::Wire;
  std::vector<Wire> wires;
  if (wire.empty() || wire == "native") wires.push_back(Wire::native);
  if (wire.empty() || wire == "cbor") wires.push_back(Wire::cbor);
  int status = exit_ok;
  Loaded old_schema = load_schema(old_path, status);
  Loaded new_schema = load_schema(new_path, status);
  for (const Loaded* schema : {&old_schema, &new_schema}) {
    if (schema->model) continue;
    std::cerr << "ffidlc: error: cannot compare: " << (schema == &old_schema ? old_path : new_path)
              << " does not check\n";
    return exit_usage;
  }
  std::size_t breaking = 0, compatible = 0;
  for (const ffidl::compat::Change& c :
       ffidl::compat::compare(*old_schema.model, *new_schema.model)) {
    bool breaks = false;
    std::string verdicts;
    for (Wire w : wires) {
      const ffidl::compat::Verdict& v = c.on(w);
      breaks = breaks || v.breaking;
      verdicts += std::string(verdicts.empty() ? "" : "; ") +
                  (w == Wire::native ? "native: " : "cbor: ") +
                  (v.breaking ? "breaking, " : "compatible, ") + v.reason;
    }
    ++(breaks ? breaking : compatible);
    ffidl::Diagnostic d{breaks ? ffidl::Severity::error : ffidl::Severity::note,
                        c.loc,
                        c.what + " [" + verdicts + "]",
                        {}};
    std::cout << (c.at_old ? old_schema : new_schema).diags->render(d);
  }
  const ffidl::model::Library& was = old_schema.model->library;
  const ffidl::model::Library& is = new_schema.model->library;
  auto major = [](const std::string& v) { return v.substr(0, v.find('.')); };
  if (breaking > 0 && !was.version.empty() && !is.version.empty() &&
      major(was.version) == major(is.version)) {
    ffidl::Diagnostic d{ffidl::Severity::note,
                        is.version_loc,
                        "the changes above break clients of " + was.version +
                            ", but the major version is still " + major(is.version),
                        {}};
    std::cout << new_schema.diags->render(d);
  }
  if (style.json) return breaking > 0 ? exit_errors : exit_ok;  // objects only
  std::cout << fmt::format("{} breaking, {} compatible change{} ({})\n", breaking, compatible,
                           compatible == 1 ? "" : "s",
                           wire.empty() ? "native and CBOR wires" : wire + " wire");
  return breaking > 0 ? exit_errors : exit_ok;
}

/// Edit distance, for "did you mean" suggestions.
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// " (did you mean 'x'?)" for the closest of `known` to `word`, if close.
std::string suggestion(const std::string& word, const std::vector<std::string>& known) {
  std::string best;
  // Close: two edits, or a third of a longer word.
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3 + 1) + 1;
  for (const std::string& k : known) {
    std::size_t d = distance(word, k);
    if (d < best_distance) best = k, best_distance = d;
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ffidlc " FFIDL_VERSION
               ": compiles .ffidl schemas into a C ABI and bindings for C, C++, Go and Rust"};
  app.set_version_flag("--version", FFIDL_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // the options below may follow the subcommand

  std::string diagnostics_format = "text";
  std::string color = "auto";
  app.add_option("--diagnostics-format", diagnostics_format,
                 "text (clang style) or json (one object per line: file, line, column, "
                 "end_line, end_column, severity, message, notes)")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--color", color,
                 "Colour text diagnostics: auto (on a terminal, unless NO_COLOR is set), "
                 "always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("-I,--import-dir", import_dirs,
                 "Search DIR for imported schemas, after the importing file's directory "
                 "(repeatable; searched in order)")
      ->type_name("DIR")
      ->allow_extra_args(false);

  std::vector<std::string> check_files;
  CLI::App* check = app.add_subcommand("check", "Parse and check schemas; print diagnostics");
  check->add_option("files", check_files, "Schema files ('-' reads standard input)")->required();

  std::vector<std::string> dump_files;
  CLI::App* dump = app.add_subcommand(
      "dump", "Print the checked model of a schema as JSON (several: a JSON array)");
  dump->add_option("files", dump_files, "Schema files ('-' reads standard input)")->required();

  std::vector<std::string> langs;
  std::string out_dir;
  std::vector<std::string> gen_files;
  std::string depfile;
  bool check_only = false;
  bool stub = false;
  std::string go_module;
  CLI::App* generate = app.add_subcommand("generate", "Generate code from a schema");
  generate->add_option("--lang", langs, "Comma-separated targets: " + ffidl::gen::names())
      ->required()
      ->delimiter(',');
  generate->add_option("--out", out_dir, "Output directory")->required();
  generate->add_flag("--check", check_only,
                     "Compare with the files in --out instead of writing; exit 1 naming "
                     "stale files");
  generate->add_flag("--stub", stub,
                     "Also write an implementation starting point (never "
                     "overwrites)");
  generate->add_option("--go-module", go_module,
                       "The Go module path in the generated go.mod (default: the package "
                       "name, the library name without underscores)");
  generate->add_option("--depfile", depfile,
                       "Also write a Make-style depfile: every generated file depends on every "
                       "schema read (for ninja, make and CMake's DEPFILE)");
  generate->add_option("files", gen_files, "Schema files ('-' reads standard input)")->required();

  std::vector<std::string> fmt_files;
  bool fmt_check = false, fmt_write = false;
  CLI::App* fmt_cmd = app.add_subcommand(
      "fmt", "Print a schema in the canonical layout (comments kept; only whitespace changes)");
  fmt_cmd->add_option("files", fmt_files, "Schema files")->required();
  fmt_cmd->add_flag("--check", fmt_check,
                    "List the files not in the canonical layout; exit 1 if any");
  fmt_cmd->add_flag("-w,--write", fmt_write, "Rewrite the files in place");

  std::string compat_old, compat_new, compat_wire;
  CLI::App* compat = app.add_subcommand(
      "compat",
      "Classify every change from OLD to NEW as compatible or breaking for OLD's clients, per "
      "wire (docs/evolution.md); exit 1 if something breaks");
  compat->add_option("old", compat_old, "The schema clients were generated from")->required();
  compat->add_option("new", compat_new, "The schema of the new library")->required();
  compat->add_option("--wire", compat_wire, "Only callers of this wire")
      ->check(CLI::IsMember({"native", "cbor"}));

  CLI::App* lsp = app.add_subcommand(
      "lsp",
      "Run the language server on stdin/stdout (LSP: diagnostics as you type, hover, "
      "go to definition, document symbols, formatting)");
  lsp->footer("Example (editors start it themselves):\n  ffidlc lsp -I schemas/shared");

  app.footer(R"(Examples:
  ffidlc check schemas/*.ffidl
  ffidlc generate --lang c,cpp-service,cpp --out gen/ schemas/echo.ffidl
  ffidlc generate --check --lang go --out gen/ schemas/echo.ffidl
  ffidlc dump schemas/echo.ffidl
  ffidlc compat echo-0.1.ffidl schemas/echo.ffidl --wire cbor
  ffidlc fmt --write schemas/*.ffidl
Run 'ffidlc generate --help' for the files each --lang writes.)");
  std::string langs_help = "What each --lang writes into --out:\n";
  for (const ffidl::gen::Generator& g : ffidl::gen::all())
    langs_help += fmt::format("  {:<12} {}\n", g.lang, g.description);
  generate->footer(langs_help);

  // An unknown subcommand names itself (CLI11 would only say that one is
  // required), with the closest known one.
  std::vector<std::string> subcommands;
  for (const CLI::App* sub : app.get_subcommands({}))
    subcommands.push_back(sub->get_name());
  if (argc > 1 && argv[1][0] != '-' &&
      std::find(subcommands.begin(), subcommands.end(), argv[1]) == subcommands.end()) {
    std::string known;
    for (const std::string& sub : subcommands)
      known += (known.empty() ? "" : ", ") + sub;
    std::cerr << "ffidlc: error: unknown subcommand '" << argv[1] << "'"
              << suggestion(argv[1], subcommands) << "; the subcommands are " << known
              << "\nRun 'ffidlc --help' for usage.\n";
    return exit_usage;
  }

  // An unknown flag names itself with the closest known one, before CLI11
  // complains about something else (a required flag it then misses).
  std::vector<std::string> flags = {"--help", "--version"};
  for (const CLI::Option* o : app.get_options()) {
    for (const std::string& n : o->get_lnames())
      flags.push_back("--" + n);
  }
  for (const CLI::App* sub : app.get_subcommands({})) {
    for (const CLI::Option* o : sub->get_options()) {
      for (const std::string& n : o->get_lnames())
        flags.push_back("--" + n);
    }
  }
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.rfind("--", 0) != 0) continue;
    std::string flag = arg.substr(0, arg.find('='));
    if (std::find(flags.begin(), flags.end(), flag) != flags.end()) continue;
    std::cerr << "ffidlc: error: unknown option '" << flag << "'" << suggestion(flag, flags)
              << "\nRun 'ffidlc --help' for usage.\n";
    return exit_usage;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    if (code != 0) std::cerr << "Run 'ffidlc --help' for usage.\n";
    return code == 0 ? exit_ok : exit_usage;
  }

  style.json = diagnostics_format == "json";
  style.color = !style.json &&
                (color == "always" || (color == "auto" && ::isatty(2) && !std::getenv("NO_COLOR")));
  if (*check) return cmd_check(check_files);
  if (*dump) return cmd_dump(dump_files);
  if (*compat) return cmd_compat(compat_old, compat_new, compat_wire);
  if (*fmt_cmd) return cmd_fmt(fmt_files, fmt_check, fmt_write);
  if (*lsp) return ffidl::lsp::serve(std::cin, std::cout, import_dirs);
  return cmd_generate(langs, out_dir, gen_files, check_only, stub, go_module, depfile);
}
