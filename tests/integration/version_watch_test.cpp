// VersionWatch on real glass databases on disk: commits, stubs, a replica's
// switch to a new copy, and a remote shard (never watched).
#include "version_watch.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace m4d::search {
namespace {

namespace fs = std::filesystem;

class VersionWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("m4d-version-watch-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static void commit(const fs::path& db, const std::string& term) {
    Xapian::WritableDatabase w(db.string(), Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    Xapian::Document d;
    d.add_term(term);
    w.add_document(d);
    w.commit();
  }
  static void write_stub(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

  fs::path dir_;
};

TEST_F(VersionWatchTest, ACommitIsSeenAndNothingElseIs) {
  commit(dir_ / "db", "a");
  VersionWatch watch(dir_ / "db");
  EXPECT_TRUE(watch.changed());  // never reopened yet
  watch.reopened();
  EXPECT_FALSE(watch.changed());
  EXPECT_FALSE(watch.changed());
  for (const char* term : {"b", "c", "d"}) {  // commits right after one another
    commit(dir_ / "db", term);
    EXPECT_TRUE(watch.changed()) << term;
    watch.reopened();
    EXPECT_FALSE(watch.changed()) << term;
  }
}

TEST_F(VersionWatchTest, AStubLeadsToItsShardsVersionFiles) {
  commit(dir_ / "shard-0", "a");
  commit(dir_ / "shard-1", "a");
  write_stub(dir_ / "XAPIANDB", "# two shards\nauto shard-0\n\nglass " + (dir_ / "shard-1").string() + "\n");
  const auto files = version_files(dir_);
  ASSERT_TRUE(files);
  EXPECT_EQ(*files, (std::vector<fs::path>{dir_ / "shard-0" / "iamglass", dir_ / "shard-1" / "iamglass"}));
  VersionWatch watch(dir_);
  ASSERT_TRUE(watch.changed());
  watch.reopened();
  EXPECT_FALSE(watch.changed());
  commit(dir_ / "shard-1", "b");
  EXPECT_TRUE(watch.changed());
}

TEST_F(VersionWatchTest, ARemoteOrUnknownDatabaseIsNeverWatched) {
  commit(dir_ / "shard-0", "a");
  for (const std::string stub :
       {"auto shard-0\nremote :127.0.0.1:7431\n", "inmemory\n", "chert shard-0\n", "auto missing\n", "", "auto\n"}) {
    write_stub(dir_ / "XAPIANDB", stub);
    EXPECT_FALSE(version_files(dir_)) << stub;
    VersionWatch watch(dir_);
    ASSERT_TRUE(watch.changed());
    watch.reopened();
    EXPECT_TRUE(watch.changed()) << stub;
  }
  write_stub(dir_ / "XAPIANDB", "auto XAPIANDB\n");  // a stub naming itself
  EXPECT_FALSE(version_files(dir_));
}

TEST_F(VersionWatchTest, AReplicasSwitchToANewCopyIsSeenWithinMaxQuiet) {
  // As xapian-replicate does after a full copy: the stub names the new copy;
  // here the old copy stays, unchanged, so only the time bound tells.
  commit(dir_ / "replica_0", "a");
  commit(dir_ / "replica_1", "a");
  write_stub(dir_ / "XAPIANDB", "auto replica_0\n");
  VersionWatch watch(dir_);
  ASSERT_TRUE(watch.changed());
  watch.reopened();
  write_stub(dir_ / "XAPIANDB", "auto replica_1\n");
  EXPECT_FALSE(watch.changed());
  std::this_thread::sleep_for(VersionWatch::kMaxQuiet);
  EXPECT_TRUE(watch.changed());
  watch.reopened();  // reads the stub again: other files, so one more reopen
  EXPECT_TRUE(watch.changed());
  watch.reopened();
  EXPECT_FALSE(watch.changed());
  commit(dir_ / "replica_1", "b");
  EXPECT_TRUE(watch.changed());
}

TEST_F(VersionWatchTest, AVersionFileThatGoesIsAChange) {
  commit(dir_ / "replica_0", "a");
  write_stub(dir_ / "XAPIANDB", "auto replica_0\n");
  VersionWatch watch(dir_);
  ASSERT_TRUE(watch.changed());
  watch.reopened();
  fs::remove_all(dir_ / "replica_0");
  EXPECT_TRUE(watch.changed());
}

}  // namespace
}  // namespace m4d::search
