// ffidlc as a user runs it: exit codes, messages, determinism, --check.
#include <gtest/gtest.h>

#include <ffidl/version.hpp>

#include <gmock/gmock.h>

#include <sys/wait.h>
#include <unistd.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct CliRun {
  int status = -1;
  std::string output;  // stdout and stderr together
};

CliRun ffidlc(const std::string& args) {
  std::string cmd = std::string(FFIDLC_PATH) + " " + args + " 2>&1";
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
    r.output.append(buf.data(), n);
  int raw = pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

std::string schema(const std::string& name) {
  return std::string(FFIDL_SCHEMAS_DIR) + "/" + name;
}

fs::path temp_dir(const std::string& name) {
  fs::path dir =
      fs::temp_directory_path() / ("ffidlc_cli_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(Cli, CheckAcceptsEveryExampleSchema) {
  CliRun r = ffidlc("check " + schema("timer.ffidl") + " " + schema("echo.ffidl") + " " +
                    schema("host_demo.ffidl") + " " + schema("kitchen_sink.ffidl"));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "");
}

TEST(Cli, CheckReportsErrorsAndExitsOne) {
  fs::path dir = temp_dir("bad");
  std::ofstream(dir / "bad.ffidl") << "library b {}\nstruct A { x: Nope; }\n";
  CliRun r = ffidlc("check " + (dir / "bad.ffidl").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.output, HasSubstr("bad.ffidl:2:15: error: unknown type 'Nope'\n"
                                  "struct A { x: Nope; }\n"
                                  "              ^~~~\n"));
}

TEST(Cli, MissingFileIsAUsageError) {
  CliRun r = ffidlc("check /nonexistent/x.ffidl");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.output, HasSubstr("cannot open '/nonexistent/x.ffidl'"));
}

TEST(Cli, BadFlagsSayWhatToDo) {
  CliRun r = ffidlc("generate --bogus");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.output, HasSubstr("ffidlc --help"));
  CliRun none = ffidlc("");
  EXPECT_EQ(none.status, 2);
  CliRun lang = ffidlc("generate --lang klingon --out /tmp " + schema("echo.ffidl"));
  EXPECT_EQ(lang.status, 2);
  EXPECT_THAT(
      lang.output,
      HasSubstr(
          "unknown language 'klingon' (available: c, cpp, cpp-service, go, rust, python, json)"));
}

TEST(Cli, HelpAndVersion) {
  CliRun help = ffidlc("--help");
  EXPECT_EQ(help.status, 0);
  EXPECT_THAT(help.output, HasSubstr("generate"));
  CliRun version = ffidlc("--version");
  EXPECT_EQ(version.status, 0);
  // One version for the compiler and the runtime its glue is checked against.
  EXPECT_THAT(version.output, HasSubstr(FFIDL_RUNTIME_VERSION));
}

TEST(Cli, DumpPrintsTheResolvedModel) {
  CliRun r = ffidlc("dump " + schema("kitchen_sink.ffidl"));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("\"spelling\": \"map<string, list<i32>>\""));
  EXPECT_THAT(r.output, HasSubstr("\"recursive\": true"));
  EXPECT_THAT(r.output, HasSubstr("\"pascal\": \"KitchenSink\""));
}

TEST(Cli, GenerateIsDeterministicAndCheckFindsStaleFiles) {
  fs::path a = temp_dir("gen_a");
  fs::path b = temp_dir("gen_b");
  ASSERT_EQ(ffidlc("generate --lang json --out " + a.string() + " " + schema("timer.ffidl")).status,
            0);
  ASSERT_EQ(ffidlc("generate --lang json --out " + b.string() + " " + schema("timer.ffidl")).status,
            0);
  std::string first = slurp(a / "my_timer.model.json");
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(first, slurp(b / "my_timer.model.json"));

  CliRun fresh =
      ffidlc("generate --check --lang json --out " + a.string() + " " + schema("timer.ffidl"));
  EXPECT_EQ(fresh.status, 0) << fresh.output;

  std::ofstream(a / "my_timer.model.json") << "stale";
  CliRun stale =
      ffidlc("generate --check --lang json --out " + a.string() + " " + schema("timer.ffidl"));
  EXPECT_EQ(stale.status, 1);
  EXPECT_THAT(stale.output, HasSubstr("my_timer.model.json (differs)"));
  EXPECT_EQ(slurp(a / "my_timer.model.json"), "stale");  // --check never writes

  fs::remove(b / "my_timer.model.json");
  CliRun missing =
      ffidlc("generate --check --lang json --out " + b.string() + " " + schema("timer.ffidl"));
  EXPECT_EQ(missing.status, 1);
  EXPECT_THAT(missing.output, HasSubstr("my_timer.model.json (missing)"));
}

TEST(Cli, StubIsWrittenOnceAndNeverOverwritten) {
  fs::path dir = temp_dir("stub");
  std::string cmd =
      "generate --lang c,cpp-service --stub --out " + dir.string() + " " + schema("echo.ffidl");
  CliRun first = ffidlc(cmd);
  EXPECT_EQ(first.status, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("wrote stub"));
  for (const char* f :
       {"echo.h", "echo_types.hpp", "echo_service.hpp", "echo_glue.cpp", "echo_impl.cpp"}) {
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  }
  EXPECT_THAT(slurp(dir / "echo_impl.cpp"),
              HasSubstr("co_return ffidl::fail(\"say is not implemented\");"));
  std::ofstream(dir / "echo_impl.cpp") << "// mine";
  CliRun second = ffidlc(cmd);
  EXPECT_EQ(second.status, 1);
  EXPECT_THAT(second.output, HasSubstr("never overwrites an implementation"));
  EXPECT_EQ(slurp(dir / "echo_impl.cpp"), "// mine");
  // Without --stub the implementation is left alone and generation succeeds.
  EXPECT_EQ(ffidlc("generate --lang cpp-service --out " + dir.string() + " " + schema("echo.ffidl"))
                .status,
            0);
  EXPECT_EQ(slurp(dir / "echo_impl.cpp"), "// mine");
}

}  // namespace

namespace {

void write(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

TEST(Cli, InvalidUtf8IsNamedAtTheByte) {
  fs::path dir = temp_dir("utf8");
  write(dir / "bad.ffidl", "library x { version = \"1.0.0\"; }\n/// bad \xff doc\n");
  CliRun r = ffidlc("check " + (dir / "bad.ffidl").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.output, HasSubstr("bad.ffidl:2:9: error: invalid UTF-8 (byte 0xFF)"));
  write(dir / "const.ffidl",
        "library x { version = \"1.0.0\"; }\nconst A: string = \"a\xc3\x28\";\n");
  r = ffidlc("check " + (dir / "const.ffidl").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.output, HasSubstr("const.ffidl:2:21: error: invalid UTF-8 (byte 0xC3)"));
  fs::remove_all(dir);
}

TEST(Cli, AByteOrderMarkIsSkipped) {
  fs::path dir = temp_dir("bom");
  write(dir / "bom.ffidl", "\xEF\xBB\xBFlibrary x { version = \"1.0.0\"; }\n");
  CliRun r = ffidlc("check " + (dir / "bom.ffidl").string());
  EXPECT_EQ(r.status, 0) << r.output;
  fs::remove_all(dir);
}

TEST(Cli, FmtKeepsAByteOrderMark) {
  fs::path dir = temp_dir("fmt_bom");
  write(dir / "bom.ffidl", "\xEF\xBB\xBFlibrary x {   version = \"1.0.0\"; }\r\n");
  CliRun printed = ffidlc("fmt " + (dir / "bom.ffidl").string());
  EXPECT_EQ(printed.status, 0) << printed.output;
  EXPECT_EQ(printed.output, "\xEF\xBB\xBFlibrary x {\n    version = \"1.0.0\";\n}\n");
  CliRun written = ffidlc("fmt --write " + (dir / "bom.ffidl").string());
  EXPECT_EQ(written.status, 0) << written.output;
  EXPECT_EQ(slurp(dir / "bom.ffidl"), printed.output);
  EXPECT_EQ(ffidlc("fmt --check " + (dir / "bom.ffidl").string()).status, 0);
  fs::remove_all(dir);
}

TEST(Cli, ImportsThatCannotBeExaminedAreDiagnosticsNotCrashes) {
  // A symlink loop (ELOOP), a name over NAME_MAX (ENAMETOOLONG), and, when
  // not root, a directory we may not enter (EACCES): each an error at its
  // import, exit 1 (ffidlc aborted on std::filesystem_error before).
  fs::path dir = temp_dir("bad_imports");
  fs::create_symlink(dir / "loop.ffidl", dir / "loop.ffidl");
  fs::create_directories(dir / "locked");
  write(dir / "locked" / "t.ffidl", "struct T { x: i32; }\n");
  fs::permissions(dir / "locked", fs::perms::none);
  std::string long_name(300, 'x');
  write(dir / "main.ffidl", "import \"loop.ffidl\";\nimport \"" + long_name +
                                ".ffidl\";\nimport \"locked/t.ffidl\";\nlibrary m {}\n");
  CliRun r = ffidlc("check " + (dir / "main.ffidl").string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("main.ffidl:1:8: error: cannot examine imported file "
                                  "'loop.ffidl'"));
  EXPECT_THAT(r.output, HasSubstr("Too many levels of symbolic links"));
  EXPECT_THAT(r.output, HasSubstr("main.ffidl:2:8: error: cannot examine imported file"));
  EXPECT_THAT(r.output, HasSubstr("File name too long"));
  if (::geteuid() != 0) {
    EXPECT_THAT(r.output, HasSubstr("main.ffidl:3:8: error: cannot examine imported file "
                                    "'locked/t.ffidl'"));
    EXPECT_THAT(r.output, HasSubstr("Permission denied"));
  }
  fs::permissions(dir / "locked", fs::perms::owner_all);
  fs::remove_all(dir);
}

TEST(Cli, EveryLanguageGeneratesAtTheNestingLimitAndRefusesPastIt) {
  // 1000 records deep (the checker's limit), each holding the next by value,
  // in a list and in a map, with an object at the bottom: every generator's
  // walks fit the stack (in sanitizer builds too). One more level is an
  // error at the outermost record, not a crash.
  fs::path dir = temp_dir("nesting");
  auto chain = [](int n) {
    std::string text =
        "library d {}\nctor create();\nobject O { ctor new(); }\nproc f(s: S0) -> S0;\n"
        "event e(s: S0);\nhost h(s: S0) -> S0;\n";
    for (int i = 0; i + 1 < n; ++i) {
      text += "struct S" + std::to_string(i) + " { x: S" + std::to_string(i + 1) + "; y: list<S" +
              std::to_string(i + 1) + ">; m: map<string, S" + std::to_string(i + 1) + ">; }\n";
    }
    return text + "struct S" + std::to_string(n - 1) + " { o: O; }\n";
  };
  write(dir / "limit.ffidl", chain(1000));
  for (const char* lang : {"c", "cpp-service", "cpp", "go", "rust", "json"}) {
    CliRun r = ffidlc(std::string("generate --lang ") + lang + " --out " + (dir / lang).string() +
                      " " + (dir / "limit.ffidl").string());
    EXPECT_EQ(r.status, 0) << lang << ": " << r.output.substr(0, 500);
  }
  write(dir / "past.ffidl", chain(1001));
  CliRun past = ffidlc("check " + (dir / "past.ffidl").string());
  EXPECT_EQ(past.status, 1);
  EXPECT_THAT(past.output, HasSubstr("past.ffidl:7:8: error: 'S0' holds records nested 1001 levels "
                                     "deep; at most 1000 levels"));
  fs::remove_all(dir);
}

TEST(Cli, DirectoriesAndUnwritableOutputsAreIoErrorsThatSayWhy) {
  fs::path dir = temp_dir("io");
  CliRun r = ffidlc("check " + dir.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.output, HasSubstr("is a directory, not a schema file"));
  r = ffidlc("check " + (dir / "missing.ffidl").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.output, HasSubstr("missing.ffidl': No such file or directory"));
  write(dir / "file", "");
  r = ffidlc("generate --lang c --out " + (dir / "file" / "sub").string() + " " +
             schema("echo.ffidl"));
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.output, HasSubstr("cannot create directory"));
  EXPECT_THAT(r.output, HasSubstr("Not a directory"));
  fs::remove_all(dir);
}

}  // namespace

namespace {

TEST(Cli, GoModulePathIsTheUsersChoice) {
  fs::path dir = temp_dir("gomodule");
  CliRun r = ffidlc("generate --lang go --go-module github.com/acme/echo-go --out " + dir.string() +
                    " " + schema("echo.ffidl"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(slurp(dir / "echo" / "go.mod"), "module github.com/acme/echo-go\n\ngo 1.19\n");
  r = ffidlc("generate --lang go --out " + dir.string() + " " + schema("echo.ffidl"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(slurp(dir / "echo" / "go.mod"), "module echo\n\ngo 1.19\n");
  fs::remove_all(dir);
}

}  // namespace

namespace {

TEST(Cli, CompatExitCodes) {
  // Nothing changed: exit 0 and an empty report.
  CliRun same = ffidlc("compat " + schema("echo.ffidl") + " " + schema("echo.ffidl"));
  EXPECT_EQ(same.status, 0) << same.output;
  EXPECT_THAT(same.output, HasSubstr("0 breaking, 0 compatible changes"));
  // Usage errors: a missing schema, an unknown wire, a schema that does not check.
  EXPECT_EQ(ffidlc("compat " + schema("echo.ffidl")).status, 2);
  EXPECT_EQ(
      ffidlc("compat " + schema("echo.ffidl") + " " + schema("echo.ffidl") + " --wire grpc").status,
      2);
  fs::path dir = temp_dir("compat");
  std::ofstream(dir / "bad.ffidl") << "library x {\n";
  CliRun bad = ffidlc("compat " + schema("echo.ffidl") + " " + (dir / "bad.ffidl").string());
  EXPECT_EQ(bad.status, 2);
  EXPECT_THAT(bad.output, HasSubstr("cannot compare: "));
  CliRun missing = ffidlc("compat " + schema("echo.ffidl") + " " + (dir / "nope.ffidl").string());
  EXPECT_EQ(missing.status, 2);
  fs::remove_all(dir);
}

}  // namespace

namespace {

TEST(Cli, UnknownSubcommandsAndOptionsNameThemselves) {
  CliRun sub = ffidlc("dupm x.ffidl");
  EXPECT_EQ(sub.status, 2);
  EXPECT_THAT(sub.output, HasSubstr("unknown subcommand 'dupm' (did you mean 'dump'?)"));
  EXPECT_THAT(sub.output, HasSubstr("the subcommands are check, dump, generate, fmt, compat"));
  CliRun far = ffidlc("frobnicate");
  EXPECT_EQ(far.status, 2);
  EXPECT_THAT(far.output, HasSubstr("unknown subcommand 'frobnicate';"));
  CliRun opt = ffidlc("generate --langs go --out x " + schema("echo.ffidl"));
  EXPECT_EQ(opt.status, 2);
  EXPECT_THAT(opt.output, HasSubstr("unknown option '--langs' (did you mean '--lang'?)"));
}

TEST(Cli, HelpShowsExamplesAndTheFilesOfEachLang) {
  CliRun top = ffidlc("--help");
  EXPECT_EQ(top.status, 0);
  EXPECT_THAT(top.output, HasSubstr("Examples:\n  ffidlc check schemas/*.ffidl"));
  EXPECT_THAT(top.output, HasSubstr("ffidlc compat "));
  CliRun gen = ffidlc("generate --help");
  EXPECT_EQ(gen.status, 0);
  EXPECT_THAT(gen.output, HasSubstr("What each --lang writes into --out:"));
  EXPECT_THAT(gen.output, HasSubstr("<lib>_client.hpp"));
  EXPECT_THAT(gen.output, HasSubstr("Rust crate <lib>-rs/"));
}

}  // namespace

namespace {

TEST(Cli, StandardInputIsNamedStdin) {
  CliRun r = ffidlc("check - < " + schema("echo.ffidl"));
  EXPECT_EQ(r.status, 0) << r.output;
  fs::path dir = temp_dir("stdin");
  std::ofstream(dir / "bad.ffidl") << "library t {}\nstruct S { a: i33; }\n";
  CliRun bad = ffidlc("check - < " + (dir / "bad.ffidl").string());
  EXPECT_EQ(bad.status, 1);
  EXPECT_THAT(bad.output, HasSubstr("<stdin>:2:15: error: unknown type 'i33'"));
  fs::remove_all(dir);
}

TEST(Cli, JsonDiagnosticsAreOneObjectPerLine) {
  fs::path dir = temp_dir("json");
  std::ofstream(dir / "bad.ffidl") << "library t {}\nstruct S { a: i33; }\n";
  CliRun r = ffidlc("check --diagnostics-format=json " + (dir / "bad.ffidl").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(
      r.output,
      HasSubstr("\"line\":2,\"column\":15,\"end_line\":2,\"end_column\":18,"
                "\"severity\":\"error\",\"message\":\"unknown type 'i33'\",\"notes\":[]}\n"));
  EXPECT_THAT(r.output, ::testing::Not(HasSubstr("generated.")));
  EXPECT_EQ(ffidlc("check --diagnostics-format=xml " + schema("echo.ffidl")).status, 2);
  fs::remove_all(dir);
}

TEST(Cli, ColourOnlyWhenAskedOrOnATerminal) {
  fs::path dir = temp_dir("color");
  std::ofstream(dir / "bad.ffidl") << "library t {}\nstruct S { a: i33; }\n";
  std::string bad = (dir / "bad.ffidl").string();
  EXPECT_THAT(ffidlc("check --color=always " + bad).output, HasSubstr("\033[1;31merror:"));
  EXPECT_THAT(ffidlc("check " + bad).output, ::testing::Not(HasSubstr("\033[")));  // a pipe
  EXPECT_THAT(ffidlc("check --color=never " + bad).output, ::testing::Not(HasSubstr("\033[")));
  fs::remove_all(dir);
}

TEST(Cli, SeveralSchemasAndADepfile) {
  fs::path dir = temp_dir("several");
  CliRun r =
      ffidlc("generate --lang c --out " + dir.string() + " --depfile " + (dir / "gen.d").string() +
             " " + schema("echo.ffidl") + " " + schema("calc.ffidl"));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir / "echo.h"));
  EXPECT_TRUE(fs::exists(dir / "calc.h"));
  std::string dep = slurp(dir / "gen.d");
  EXPECT_THAT(dep, HasSubstr((dir / "echo.h").string() + " \\\n " + (dir / "calc.h").string() +
                             ": \\\n " + schema("echo.ffidl") + " \\\n " + schema("calc.ffidl")));
  // A schema's imports are in the depfile too.
  std::ofstream(dir / "types.ffidl") << "struct P { x: i32; }\n";
  std::ofstream(dir / "lib.ffidl") << "import \"types.ffidl\";\nlibrary lib {}\n";
  CliRun imports = ffidlc("generate --lang c --out " + dir.string() + " --depfile " +
                          (dir / "lib.d").string() + " " + (dir / "lib.ffidl").string());
  EXPECT_EQ(imports.status, 0) << imports.output;
  EXPECT_THAT(slurp(dir / "lib.d"),
              HasSubstr((dir / "lib.h").string() + ": \\\n " + (dir / "lib.ffidl").string() +
                        " \\\n " + (dir / "types.ffidl").string() + "\n"));
  // A file two languages write is listed once.
  CliRun both = ffidlc("generate --lang c,cpp --out " + dir.string() + " --depfile " +
                       (dir / "both.d").string() + " " + (dir / "lib.ffidl").string());
  EXPECT_EQ(both.status, 0) << both.output;
  std::string both_dep = slurp(dir / "both.d");
  EXPECT_EQ(both_dep.find((dir / "lib.h").string()), both_dep.rfind((dir / "lib.h").string()))
      << both_dep;
  // -I: searched after the importing file's directory.
  fs::create_directories(dir / "inc");
  std::ofstream(dir / "inc" / "more.ffidl") << "struct Q { y: i32; }\n";
  std::ofstream(dir / "lib2.ffidl") << "import \"more.ffidl\";\nlibrary lib2 {}\n";
  EXPECT_EQ(ffidlc("check " + (dir / "lib2.ffidl").string()).status, 1);
  CliRun found = ffidlc("check -I " + (dir / "inc").string() + " " + (dir / "lib2.ffidl").string());
  EXPECT_EQ(found.status, 0) << found.output;
  CliRun same = ffidlc("generate --lang c --out " + dir.string() + " " + schema("echo.ffidl") +
                       " " + schema("echo.ffidl"));
  EXPECT_EQ(same.status, 2);
  EXPECT_THAT(same.output, HasSubstr("both define library 'echo'"));
  CliRun dump = ffidlc("dump " + schema("echo.ffidl") + " " + schema("calc.ffidl"));
  EXPECT_EQ(dump.status, 0);
  EXPECT_EQ(dump.output.rfind("[\n{", 0), 0u) << dump.output.substr(0, 40);
  fs::remove_all(dir);
}

}  // namespace

namespace {

TEST(Cli, FmtChecksWritesAndRefusesBrokenSchemas) {
  fs::path dir = temp_dir("fmt");
  std::ofstream(dir / "a.ffidl") << "library a{}\nstruct S{x:i32;}\n";
  std::string a = (dir / "a.ffidl").string();
  CliRun check = ffidlc("fmt --check " + a);
  EXPECT_EQ(check.status, 1);
  EXPECT_THAT(check.output, HasSubstr(a));
  EXPECT_EQ(ffidlc("fmt --write " + a).status, 0);
  EXPECT_EQ(slurp(dir / "a.ffidl"), "library a {}\nstruct S {\n    x: i32;\n}\n");
  EXPECT_EQ(ffidlc("fmt --check " + a).status, 0);
  EXPECT_EQ(
      ffidlc("fmt --check " + schema("kitchen_sink.ffidl") + " " + schema("stress.ffidl")).status,
      0);
  CliRun piped = ffidlc("fmt - < " + a);
  EXPECT_EQ(piped.status, 0) << piped.output;
  EXPECT_EQ(piped.output, "library a {}\nstruct S {\n    x: i32;\n}\n");
  std::ofstream(dir / "bad.ffidl") << "library b {\n";
  EXPECT_EQ(ffidlc("fmt " + (dir / "bad.ffidl").string()).status, 1);
  EXPECT_EQ(slurp(dir / "bad.ffidl"), "library b {\n");  // untouched
  fs::remove_all(dir);
}

}  // namespace
