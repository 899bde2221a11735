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
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "checker.hpp"
#include "compat.hpp"
#include "generator.hpp"
#include "model_json.hpp"

#ifndef FFIDL_VERSION
#define FFIDL_VERSION "0.0.0"
#endif

namespace fs = std::filesystem;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_errors = 1;
constexpr int exit_usage = 2;

/// Runs the front end on one file, printing diagnostics to stderr.
std::optional<ffidl::model::Model> compile_file(const std::string& path, int& status) {
  ffidl::SourceFile file("", "");
  std::string error;
  if (!ffidl::SourceFile::load(path, file, error)) {
    std::cerr << "ffidlc: error: " << error << "\n";
    status = exit_usage;
    return std::nullopt;
  }
  ffidl::Diagnostics diags(file);
  auto model = ffidl::compile(diags);
  std::cerr << diags.render();
  if (!model) status = exit_errors;
  return model;
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

int cmd_dump(const std::string& file) {
  int status = exit_ok;
  auto model = compile_file(file, status);
  if (model) std::cout << ffidl::to_json(*model);
  return status;
}

int cmd_generate(const std::vector<std::string>& langs, const std::string& out_dir,
                 const std::string& file, bool check_only, bool stub,
                 const std::string& go_module) {
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
  auto model = compile_file(file, status);
  if (!model) return status;

  ffidl::gen::Options options;
  options.stub = stub;
  options.go_module = go_module;
  std::vector<std::string> stale;
  for (const ffidl::gen::Generator* g : gens) {
    for (const ffidl::gen::OutputFile& f : g->run(*model, options)) {
      fs::path path = fs::path(out_dir) / f.path;
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
  if (!stale.empty()) {
    std::cerr << "ffidlc: generated files are out of date; rerun 'ffidlc generate' without "
                 "--check:\n";
    for (const std::string& s : stale)
      std::cerr << "  " << s << "\n";
    return exit_errors;
  }
  return status;
}

/// One schema held for `compat`: its text (diagnostics quote it) and model.
struct Loaded {
  std::unique_ptr<ffidl::SourceFile> file;
  std::unique_ptr<ffidl::Diagnostics> diags;
  std::optional<ffidl::model::Model> model;
};

bool load_for_compat(const std::string& path, Loaded& out) {
  out.file = std::make_unique<ffidl::SourceFile>("", "");
  std::string error;
  if (!ffidl::SourceFile::load(path, *out.file, error)) {
    std::cerr << "ffidlc: error: " << error << "\n";
    return false;
  }
  out.diags = std::make_unique<ffidl::Diagnostics>(*out.file);
  out.model = ffidl::compile(*out.diags);
  if (!out.model) {
    std::cerr << out.diags->render() << "ffidlc: error: cannot compare: " << path
              << " does not check\n";
    return false;
  }
  return true;
}

int cmd_compat(const std::string& old_path, const std::string& new_path, const std::string& wire) {
  using ffidl::compat::Wire;
  std::vector<Wire> wires;
  if (wire.empty() || wire == "native") wires.push_back(Wire::native);
  if (wire.empty() || wire == "cbor") wires.push_back(Wire::cbor);
  Loaded old_schema, new_schema;
  if (!load_for_compat(old_path, old_schema) || !load_for_compat(new_path, new_schema))
    return exit_usage;
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

  std::vector<std::string> check_files;
  CLI::App* check = app.add_subcommand("check", "Parse and check schemas; print diagnostics");
  check->add_option("files", check_files, "Schema files")->required();

  std::string dump_file;
  CLI::App* dump = app.add_subcommand("dump", "Print the checked model of a schema as JSON");
  dump->add_option("file", dump_file, "Schema file")->required();

  std::vector<std::string> langs;
  std::string out_dir;
  std::string gen_file;
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
  generate->add_option("file", gen_file, "Schema file")->required();

  std::string compat_old, compat_new, compat_wire;
  CLI::App* compat = app.add_subcommand(
      "compat",
      "Classify every change from OLD to NEW as compatible or breaking for OLD's clients, per "
      "wire (docs/evolution.md); exit 1 if something breaks");
  compat->add_option("old", compat_old, "The schema clients were generated from")->required();
  compat->add_option("new", compat_new, "The schema of the new library")->required();
  compat->add_option("--wire", compat_wire, "Only callers of this wire")
      ->check(CLI::IsMember({"native", "cbor"}));

  app.footer(R"(Examples:
  ffidlc check schemas/*.ffidl
  ffidlc generate --lang c,cpp-service,cpp --out gen/ schemas/echo.ffidl
  ffidlc generate --check --lang go --out gen/ schemas/echo.ffidl
  ffidlc dump schemas/echo.ffidl
  ffidlc compat echo-0.1.ffidl schemas/echo.ffidl --wire cbor
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

  if (*check) return cmd_check(check_files);
  if (*dump) return cmd_dump(dump_file);
  if (*compat) return cmd_compat(compat_old, compat_new, compat_wire);
  return cmd_generate(langs, out_dir, gen_file, check_only, stub, go_module);
}
