"""Vietnamese for the messages the libraries' errors carry, for the web pages.

The libraries and the JSON API speak English (`{"error": {"code", "message"}}`); a page shows
staff the same problem in Vietnamese. Each pattern matches one message the libraries raise
(corpus/query.py, corpus/search.py, corpus/export.py, corpus/pgtext.py, ingest); a message no
pattern knows gets a Vietnamese sentence by its error code, never the English text.
"""

from __future__ import annotations

import re

from ingest.errors import VanbanError

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), template)
    for pattern, template in (
        (r"^query is (\d+) characters long; the limit is (\d+)$", "Câu tìm dài {0} ký tự; tối đa {1} ký tự."),
        (r"^nothing to search for in (.*): type at least one word or number$",
         "Không có gì để tìm trong {0}: hãy gõ ít nhất một từ hoặc một số."),
        (r"^query has (\d+) terms; the limit is (\d+)$", "Câu tìm có {0} từ; tối đa {1} từ."),
        (r"^from=(.*) is not a date.*$", "Ngày bắt đầu {0} không hợp lệ: dùng năm, năm-tháng hoặc năm-tháng-ngày."),
        (r"^to=(.*) is not a date.*$", "Ngày kết thúc {0} không hợp lệ: dùng năm, năm-tháng hoặc năm-tháng-ngày."),
        (r"^kind=(.*) is not a document kind.*$", "Loại văn bản {0} không có trong danh mục."),
        (r"^page=(.*) must be 1 or more$", "Số trang {0} không hợp lệ: trang bắt đầu từ 1."),
        (r"^per_page=(.*) must be between.*$", "Số dòng mỗi trang {0} không hợp lệ."),
        (r"^since=(.*) is not an ISO date.*$", "Mốc thời gian {0} không hợp lệ: dùng năm-tháng-ngày."),
        (r"^year=(.*) is not a year.*$", "Năm {0} không hợp lệ: cần bốn chữ số, ví dụ 2024."),
        (r"^give either year= or from=/to=, not both$", "Chọn theo năm hoặc theo khoảng ngày, không dùng cả hai."),
        (r"^unknown parameter (.*?);.*$", "Tham số {0} không dùng được ở đây."),
        (r"^cannot search.*$", "Không tìm được với câu tìm này; hãy bỏ các ký hiệu đặc biệt."),
        (r"^no document with id (\d+)$", "Không có văn bản mang số {0}."),
        (r"^no unit with id (\d+)$", "Không có đơn vị mang số {0}."),
        (r"^no job with id (.*)$", "Không có lượt xử lý {0}."),
    )
)
_BY_CODE = {
    "bad_query": "Yêu cầu có giá trị không dùng được.",
    "not_found": "Không tìm thấy trong kho.",
    "unauthorized": "Cần mã truy cập của máy chủ.",
    "too_large": "Tệp hoặc yêu cầu quá lớn.",
    "unsupported_file": "Loại tệp này chưa đọc được.",
    "unreadable_file": "Không đọc được tệp này.",
}
_VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.IGNORECASE)


def vietnamese(message: str, code: str = "bad_query") -> str:
    """The message in Vietnamese: as it is when already Vietnamese, else by pattern, else by code."""
    if _VIETNAMESE.search(message):
        return message
    for pattern, template in _PATTERNS:
        match = pattern.match(message.strip())
        if match:
            return template.format(*match.groups())
    return _BY_CODE.get(code, "Yêu cầu không thực hiện được.")


def error_message(error: VanbanError) -> str:
    return vietnamese(error.message, error.code)
