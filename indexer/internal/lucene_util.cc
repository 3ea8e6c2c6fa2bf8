#include "indexer/internal/lucene_util.h"

#include "indexer/internal/analyzer.h"

namespace sanding::indexer::internal {

Status FromLucene(const std::string& where, const std::string& action,
                  const Lucene::LuceneException& e, const std::string& too_many) {
  const std::string detail = WideToUtf8(e.getError());
  switch (e.getType()) {
    case Lucene::LuceneException::LockObtainFailed:
      return Status::IOError(where + action + "失败：索引正被另一个进程使用（write.lock）：" +
                             detail);
    case Lucene::LuceneException::CorruptIndex:
      return Status::Corruption(where + action + "失败：索引已损坏，请运行 sanding reindex 重建：" +
                                detail);
    case Lucene::LuceneException::IO:
    case Lucene::LuceneException::FileNotFound:
    case Lucene::LuceneException::NoSuchDirectory:
      return Status::IOError(where + action + "失败：读写错误：" + detail);
    case Lucene::LuceneException::TooManyClauses:
      return Status::InvalidArgument(too_many + detail);
    default:
      return Status::Internal(where + action + "失败：" + detail);
  }
}

}  // namespace sanding::indexer::internal
