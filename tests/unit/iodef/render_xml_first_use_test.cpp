// RenderXml as the first use of libxml2 in a process, from many threads at once: what the
// exchange receiver does when a partner's first window of Shares arrives right after start-up.
// Its own test binary, so nothing has initialised libxml2 before the children are forked.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <barrier>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "iodef/codec.hpp"

namespace ncirt::iodef {
namespace {

v1::Incident Minimal(int n) {
  v1::Incident incident;
  incident.mutable_incident_id()->set_id("first-use-" + std::to_string(n));
  incident.mutable_incident_id()->set_name("csirt.example");
  incident.set_purpose(v1::PURPOSE_REPORTING);
  incident.mutable_generation_time()->set_seconds(1'800'000'000);
  incident.add_descriptions()->set_text("rendered before anything else used libxml2");
  auto* contact = incident.add_contacts();
  contact->set_role(v1::CONTACT_ROLE_CREATOR);
  contact->set_type(v1::CONTACT_TYPE_ORGANIZATION);
  return incident;
}

// Runs in a forked child whose libxml2 nobody has used yet; exits 0 when every render succeeded
// (a lost race in libxml2's lazy initialisation crashes it instead).
[[noreturn]] void RenderFromManyThreadsAtOnce() {
  constexpr int kThreads = 16;
  std::barrier start(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      if (!RenderXml({Minimal(t)})) ++failures;
    });
  }
  for (std::thread& thread : threads) thread.join();
  _exit(failures == 0 ? 0 : 1);
}

TEST(RenderXmlFirstUseTest, ManyThreadsMayRenderBeforeAnythingElseUsedLibxml2) {
  // The exchange benchmark crashed in about one process start in eight before RenderXml
  // initialised libxml2 itself; twenty fresh processes make a miss unlikely.
  for (int i = 0; i < 20; ++i) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) RenderFromManyThreadsAtOnce();
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "process " << i << " rendering from 16 threads at once "
        << (WIFSIGNALED(status) ? "died of signal " + std::to_string(WTERMSIG(status))
                                : "had a render fail");
  }
}

}  // namespace
}  // namespace ncirt::iodef
