// m4d-floor-server: the floor of bench/load.sh, a trivial cpp-httplib server
// tuned as m4d-serve is (TCP_NODELAY, a worker per connection, long
// keep-alive), answering every GET with a small fixed JSON body. What it
// serves per second is what the HTTP layer alone could carry on this machine.
//   m4d-floor-server PORT [THREADS]
#include <httplib.h>

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: m4d-floor-server PORT [THREADS]\n";
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const int threads = argc > 2 ? std::atoi(argv[2]) : 16;
  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(100000);
  const std::string body = R"({"query":"","total":0,"hits":[],"facets":{}})";
  server.Get(".*", [&body](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, "application/json; charset=utf-8");
  });
  if (!server.listen("127.0.0.1", port)) {
    std::cerr << "m4d-floor-server: cannot listen on port " << port << '\n';
    return 1;
  }
  return 0;
}
