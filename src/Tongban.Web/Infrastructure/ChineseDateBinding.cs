using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Tongban.Web.Infrastructure;

/// <summary>
/// Binds a page's <see cref="DateOnly"/> fields from a typed date box (partial <c>_DateBox</c>): 2026-11-25, as the
/// browser's date picker sent it and links carry it, and 2026年11月25日 or 2026/11/25 as staff type it. Text that is no
/// date is refused in Chinese on the field (<see cref="ChineseDates.DayRefusal"/>) and kept, so the box shows it again
/// beside the message; the framework's own refusal was English (The value '…' is not valid).
/// </summary>
public sealed class ChineseDateBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(DateOnly) ? new Binder() : null;

    private sealed class Binder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext context)
        {
            var value = context.ValueProvider.GetValue(context.ModelName);
            if (value == ValueProviderResult.None) return Task.CompletedTask;
            context.ModelState.SetModelValue(context.ModelName, value);
            var typed = value.FirstValue;
            if (string.IsNullOrWhiteSpace(typed))
            {
                if (context.ModelMetadata.IsReferenceOrNullableType) context.Result = ModelBindingResult.Success(null);
            }
            else if (ChineseDates.TryParseDay(typed, out var day)) context.Result = ModelBindingResult.Success(day);
            else context.ModelState.TryAddModelError(context.ModelName, ChineseDates.DayRefusal(typed));
            return Task.CompletedTask;
        }
    }
}
