// The package as a whole: its files, go.mod, and exports.go (the C-callable
// trampolines).
#include "go/backend.hpp"

namespace ffidl::gen::go {

std::vector<OutputFile> GoGen::run() {
  std::vector<OutputFile> files;
  auto add = [&](const std::string& name, std::string content) {
    files.push_back({pkg_ + "/" + name, std::move(content), false});
  };
  add("go.mod", "module " + module_ + "\n\ngo 1.19\n");
  for (OutputFile& f : generate_c(m_, {}))
    add(f.path, std::move(f.content));
  add("ffidl.go", go::support_file(m_));
  add("ffidl_host.go", go::host_support_file(m_));
  add("types.go", types_file());
  add("convert.go", convert_file());
  add("client.go", client_file());
  add("exports.go", exports_file());
  return files;
}

std::string GoGen::exports_file() const {
  Emitter e = emitter();
  VarMap v = {{"lib", lib_}};
  e.emit(R"(
        // The C-callable trampolines. They run on library threads, so they only
        // convert what C handed them (valid during the call only) and hand it off.

        //export ffidl_go_$lib$_result
        func ffidl_go_$lib$_result(ret C.int, msg unsafe.Pointer, n C.size_t, ud unsafe.Pointer) {
        	ffidlOnResult(ret, msg, n, ud)
        }

        //export ffidl_go_$lib$_event
        func ffidl_go_$lib$_event(ret C.int, msg unsafe.Pointer, n C.size_t, ud unsafe.Pointer) {
        	ffidlOnEvent(msg, ud)
        }
        )",
         v);
  if (!m_.hosts.empty()) {
    e.emit(R"(

          //export ffidl_go_$lib$_host
          func ffidl_go_$lib$_host(callID C.uint64_t, req unsafe.Pointer, n C.size_t, ud unsafe.Pointer) {
          	ffidlOnHost(callID, req, ud)
          }
          )",
           v);
  }
  std::string body = e.take();
  return file(body, true, "");
}

}  // namespace ffidl::gen::go

namespace ffidl::gen {

std::vector<OutputFile> generate_go(const model::Model& m, const Options& options) {
  return go::GoGen(m, options.go_module).run();
}

}  // namespace ffidl::gen
