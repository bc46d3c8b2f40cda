import { TranslatableString, englishStringTranslator, replaceStringParameters } from '@rjsf/utils';

// The form library's own words, in Vietnamese.
const VI = {
  [TranslatableString.ArrayItemTitle]: 'Mục',
  [TranslatableString.MissingItems]: 'Thiếu định nghĩa các mục',
  [TranslatableString.EmptyArray]: 'Chưa có mục nào. Bấm “Thêm” để thêm.',
  [TranslatableString.YesLabel]: 'Có',
  [TranslatableString.NoLabel]: 'Không',
  [TranslatableString.CloseLabel]: 'Đóng',
  [TranslatableString.ErrorsLabel]: 'Lỗi',
  [TranslatableString.NewStringDefault]: '',
  [TranslatableString.AddButton]: 'Thêm',
  [TranslatableString.AddItemButton]: 'Thêm mục',
  [TranslatableString.CopyButton]: 'Nhân bản',
  [TranslatableString.ExpandButton]: 'Mở rộng',
  [TranslatableString.MoveDownButton]: 'Chuyển xuống',
  [TranslatableString.MoveUpButton]: 'Chuyển lên',
  [TranslatableString.RemoveButton]: 'Xóa',
  [TranslatableString.NowLabel]: 'Hôm nay',
  [TranslatableString.ClearLabel]: 'Xóa',
  [TranslatableString.AriaDateLabel]: 'Chọn ngày',
  [TranslatableString.PreviewLabel]: 'Xem trước',
  [TranslatableString.DecrementAriaLabel]: 'Giảm 1',
  [TranslatableString.IncrementAriaLabel]: 'Tăng 1',
  [TranslatableString.OptionalObjectAdd]: 'Thêm phần không bắt buộc này',
  [TranslatableString.OptionalObjectRemove]: 'Bỏ phần này',
  [TranslatableString.OptionalObjectEmptyMsg]: 'Chưa điền (không bắt buộc)',
  [TranslatableString.Type]: 'Kiểu',
  [TranslatableString.Value]: 'Giá trị',
  [TranslatableString.ClearButton]: 'Xóa nội dung',
  [TranslatableString.OptionPrefix]: 'Cách %1',
  [TranslatableString.TitleOptionPrefix]: '%1: cách %2',
  [TranslatableString.KeyLabel]: 'Tên của %1',
  [TranslatableString.DeprecatedLabel]: '%1 (không còn dùng)',
};

export function translateString(key, params) {
  const vi = VI[key];
  return vi === undefined ? englishStringTranslator(key, params) : replaceStringParameters(vi, params);
}
