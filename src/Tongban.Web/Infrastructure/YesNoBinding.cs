using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace Tongban.Web.Infrastructure;

/// <summary>
/// Binds a posted yes/no field the way the framework does, except when the value is not a yes or no. Our checkboxes
/// post "true" (and a hidden "false"), so only a crafted request sends anything else. The framework records such a
/// value as an error, which is right, but keeps the text it could not read, and when the page shows the form again its
/// checkbox helper reads that text back as a bool and throws (HTTP 500). Here the error stays and the unreadable text is
/// dropped, so the form comes back with the message and the box as it was.
/// </summary>
public sealed class YesNoBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(bool)
            ? new YesNoBinder(new SimpleTypeModelBinder(context.Metadata.ModelType, context.Services.GetRequiredService<ILoggerFactory>()))
            : null;

    private sealed class YesNoBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext context)
        {
            await inner.BindModelAsync(context);
            if (context.Result.IsModelSet) return;
            if (context.ModelState.TryGetValue(context.ModelName, out var entry) && entry.Errors.Count > 0 && entry.RawValue is not null)
                context.ModelState.SetModelValue(context.ModelName, rawValue: null, attemptedValue: entry.AttemptedValue);
        }
    }
}
