#include "imports.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "parser.hpp"

namespace ffidl {

namespace {

namespace fs = std::filesystem;

std::string key_of(const fs::path& p) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(p, ec);
  return (ec ? p : canonical).lexically_normal().string();
}

class Loader {
 public:
  Loader(Diagnostics& d, const std::vector<std::string>& dirs, std::vector<std::string>& sources)
      : d_(d), dirs_(dirs), sources_(sources) {}

  ast::File run(ast::File root) {
    const std::string& path = d_.file().path();
    total_ = d_.file().text().size();
    sources_.push_back(path);
    fs::path dir = path == "<stdin>" ? fs::path(".") : fs::path(path).parent_path();
    if (path != "<stdin>") state_[key_of(path)] = State::open;
    chain_.push_back(path);
    visit(root, dir);
    for (ast::Decl& decl : root.decls)
      merged_.decls.push_back(std::move(decl));
    merged_.libraries = std::move(root.libraries);
    return std::move(merged_);
  }

 private:
  enum class State { open, done };

  /// Loads the files `file` imports (found relative to `dir` first).
  void visit(const ast::File& file, const fs::path& dir) {
    for (const ast::Import& imp : file.imports) {
      std::optional<fs::path> found = find(imp, dir);
      if (!found) continue;
      std::string key = key_of(*found);
      auto it = state_.find(key);
      if (it != state_.end()) {
        if (it->second == State::open) cycle(imp, found->string());
        continue;  // read already (a diamond), or a cycle reported
      }
      SourceFile source("", "");
      std::string error;
      if (!SourceFile::load(found->string(), source, error)) {
        d_.error(imp.path_loc, fmt::format("cannot read '{}': {}", imp.path, error));
        continue;
      }
      // Locations are 32-bit offsets into all files laid end to end.
      if (total_ + source.text().size() > kMaxTotal) {
        d_.error(imp.path_loc, fmt::format("cannot import '{}': the schema's files would exceed "
                                           "{} MiB together",
                                           imp.path, kMaxTotal >> 20));
        continue;
      }
      total_ += source.text().size();
      state_[key] = State::open;
      std::size_t index = d_.add_file(std::move(source));
      sources_.push_back(found->string());
      if (!utf8(index)) {
        state_[key] = State::done;
        continue;
      }
      ast::File imported = parse(d_, index);
      imported_rules(imported);
      chain_.push_back(found->string());
      visit(imported, found->parent_path());
      chain_.pop_back();
      for (ast::Decl& decl : imported.decls)
        merged_.decls.push_back(std::move(decl));
      state_[key] = State::done;
    }
  }

  std::optional<fs::path> find(const ast::Import& imp, const fs::path& dir) {
    std::vector<fs::path> tried;
    fs::path wanted(imp.path);
    if (wanted.is_absolute()) {
      tried.push_back(wanted);
    } else {
      tried.push_back(dir / wanted);
      for (const std::string& d : dirs_)
        tried.push_back(fs::path(d) / wanted);
    }
    for (fs::path& p : tried) {
      if (!wanted.is_absolute()) p = p.lexically_normal();
      // The non-throwing overload: a path that cannot be examined (a symlink
      // loop, a name too long, a directory we may not enter) is the import's
      // error, not the compiler's crash.
      std::error_code ec;
      fs::file_status st = fs::status(p, ec);
      if (fs::is_regular_file(st)) return p;
      if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory) {
        d_.error(imp.path_loc, fmt::format("cannot examine imported file '{}' at {}: {}", imp.path,
                                           p.string(), ec.message()));
        return std::nullopt;
      }
    }
    std::string where;
    for (const fs::path& p : tried)
      where += (where.empty() ? "" : ", ") + p.string();
    d_.error(imp.path_loc,
             fmt::format("cannot find imported file '{}' (looked for {}{})", imp.path, where,
                         dirs_.empty() ? "; add search directories with -I" : ""));
    return std::nullopt;
  }

  void cycle(const ast::Import& imp, const std::string& path) {
    std::string chain;
    std::string key = key_of(path);
    bool in = false;
    for (const std::string& c : chain_) {
      if (!in && key_of(c) == key) in = true;
      if (in) chain += c + " -> ";
    }
    d_.error(imp.path_loc, fmt::format("import cycle: {}{}", chain, path));
  }

  bool utf8(std::size_t index) {
    const SourceFile& f = d_.file(index);
    std::optional<std::uint32_t> bad = f.first_invalid_utf8();
    if (!bad) return true;
    d_.error(Loc{d_.base(index) + *bad, 1},
             fmt::format("invalid UTF-8 (byte 0x{:02X}); schema files must be UTF-8",
                         static_cast<unsigned char>(f.text()[*bad])));
    return false;
  }

  /// An imported file shares declarations; the library and its functions
  /// belong to the schema that imports it.
  void imported_rules(const ast::File& f) {
    for (const ast::Library& lib : f.libraries) {
      d_.error(lib.name_loc,
               "an imported file cannot declare a library; it declares types and "
               "constants for the schemas that import it");
    }
    for (const ast::Decl& decl : f.decls) {
      if (const auto* fn = std::get_if<ast::Func>(&decl)) {
        d_.error(fn->keyword_loc,
                 "an imported file declares types and constants only; declare "
                 "functions in the library's own schema");
      } else if (const auto* o = std::get_if<ast::Object>(&decl)) {
        d_.error(o->name_loc,
                 "an imported file declares types and constants only; an object has "
                 "functions: declare it in the library's own schema");
      }
    }
  }

  Diagnostics& d_;
  const std::vector<std::string>& dirs_;
  std::vector<std::string>& sources_;
  std::map<std::string, State> state_;
  std::vector<std::string> chain_;
  ast::File merged_;
  static constexpr std::size_t kMaxTotal = std::size_t{1} << 30;
  std::size_t total_ = 0;
};

}  // namespace

ast::File load_imports(Diagnostics& diags, ast::File root, const std::vector<std::string>& dirs,
                       std::vector<std::string>& sources) {
  return Loader(diags, dirs, sources).run(std::move(root));
}

}  // namespace ffidl
