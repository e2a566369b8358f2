using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Keys;
using CertOrleans.Contracts.Requests;
using CertOrleans.Gateway.Problems;

namespace CertOrleans.Gateway.Languages;

/// <summary>
/// The title of every problem code other than the refusals (<see cref="RefusalTexts"/>). A code in
/// <see cref="ProblemResults"/>' catalogue needs a row here: the tests hold the two to the same codes.
/// The admin APIs answer in English; the terminal API in the kiosk's language.
/// </summary>
public static class ProblemTitles
{
    private static readonly Translations TryAgainShortly = new(
        "ただいま証明書交付サービスを利用できません。しばらくしてからお試しください。",
        "The issuance service is unavailable; try again shortly.",
        "证明书交付服务暂时无法使用。请稍后再试。",
        "지금은 증명서 발급 서비스를 이용할 수 없습니다. 잠시 후 다시 시도해 주십시오.",
        "O serviço de emissão de certificados está indisponível. Tente novamente em instantes.",
        "El servicio de emisión de certificados no está disponible. Inténtelo de nuevo en unos momentos.");

    private static readonly Translations CardNotUsable = new(
        "このカードはご利用いただけません。市区町村の窓口にお問い合わせください。",
        "This card cannot be used. Please ask at your municipal office.",
        "此卡无法使用。请向市区町村窗口咨询。",
        "이 카드는 이용하실 수 없습니다. 시구정촌 창구에 문의해 주십시오.",
        "Este cartão não pode ser usado. Informe-se no balcão da prefeitura.",
        "Esta tarjeta no se puede usar. Consulte en la ventanilla del ayuntamiento.");

    private static readonly Translations StartAgain = new(
        "時間切れのため、操作を中止しました。最初からやり直してください。",
        "The session has ended. Please start again from the beginning.",
        "操作已超时中止。请从头开始。",
        "시간이 초과되어 조작을 중단했습니다. 처음부터 다시 해 주십시오.",
        "A sessão foi encerrada. Recomece desde o início.",
        "La sesión ha finalizado. Vuelva a empezar desde el principio.");

    private static readonly Translations AuthenticationFailed = new(
        "カードの認証に失敗しました。最初からやり直してください。",
        "Card authentication failed. Please start again.",
        "卡认证失败。请从头开始。",
        "카드 인증에 실패했습니다. 처음부터 다시 해 주십시오.",
        "A autenticação do cartão falhou. Recomece.",
        "La autenticación de la tarjeta ha fallado. Vuelva a empezar.");

    private static readonly Translations TerminalOutOfService = new(
        "この端末は現在ご利用いただけません。",
        "This terminal is out of service.",
        "此终端目前无法使用。",
        "이 단말기는 현재 이용하실 수 없습니다.",
        "Este terminal está fora de serviço.",
        "Este terminal está fuera de servicio.");

    private static readonly Translations InvalidRequest = new(
        "要求の内容が正しくありません。",
        "The request is not valid.",
        "请求内容不正确。",
        "요청 내용이 올바르지 않습니다.",
        "A solicitação não é válida.",
        "La solicitud no es válida.");

    public static readonly IReadOnlyDictionary<string, Translations> Titles = new Dictionary<string, Translations>
    {
        [GatewayErrorCodes.TerminalCertificateRequired] = TerminalOutOfService,
        [GatewayErrorCodes.TerminalCertificateInvalid] = TerminalOutOfService,
        [ErrorCodes.TerminalUnknown] = TerminalOutOfService,
        [ErrorCodes.TerminalSuspended] = TerminalOutOfService,
        [ErrorCodes.TerminalMismatch] = StartAgain,
        [GatewayErrorCodes.MalformedRequest] = InvalidRequest,
        [GatewayErrorCodes.InvalidField] = new("要求の項目に誤りがあります。", "A field of the request is invalid.", "请求中的某一项不正确。", "요청 항목에 오류가 있습니다.",
            "Um campo da solicitação é inválido.", "Un campo de la solicitud no es válido."),
        [GatewayErrorCodes.RequestIdMalformed] = InvalidRequest,
        [GatewayErrorCodes.UnsupportedMediaType] = InvalidRequest,
        [GatewayErrorCodes.PayloadTooLarge] = new("要求の内容が大きすぎます。", "The request is too large.", "请求内容过大。", "요청 내용이 너무 큽니다.",
            "A solicitação é grande demais.", "La solicitud es demasiado grande."),
        [GatewayErrorCodes.NotFound] = new("該当するものがありません。", "No such resource.", "找不到相应的内容。", "해당하는 항목이 없습니다.", "Recurso inexistente.", "El recurso no existe."),
        [GatewayErrorCodes.MethodNotAllowed] = InvalidRequest,
        [ErrorCodes.CardCertificateExpired] = CardNotUsable,
        [ErrorCodes.CardCertificateUntrusted] = CardNotUsable,
        [ErrorCodes.CardCertificateInvalid] = CardNotUsable,
        [ErrorCodes.CardUnknown] = CardNotUsable,
        [ErrorCodes.CardRevoked] = CardNotUsable,
        [ErrorCodes.CardHeldElsewhere] = CardNotUsable,
        [ErrorCodes.CardStatusUnavailable] = new(
            "カードの有効性を確認できないため、ただいまご利用いただけません。しばらくしてからお試しください。",
            "The card's validity cannot be checked just now. Please try again later.",
            "目前无法确认卡的有效性，暂时无法使用。请稍后再试。",
            "지금은 카드의 유효성을 확인할 수 없어 이용하실 수 없습니다. 잠시 후 다시 시도해 주십시오.",
            "No momento não é possível verificar a validade do cartão. Tente novamente mais tarde.",
            "En este momento no se puede comprobar la validez de la tarjeta. Inténtelo de nuevo más tarde."),
        [ErrorCodes.SignatureInvalid] = AuthenticationFailed,
        [ErrorCodes.ChallengeExpired] = AuthenticationFailed,
        [ErrorCodes.ChallengeUsed] = AuthenticationFailed,
        [ErrorCodes.RequestGone] = StartAgain,
        [ErrorCodes.RequestExpired] = StartAgain,
        [GatewayErrorCodes.RequestUnknown] = StartAgain,
        [GatewayErrorCodes.ServiceUnavailable] = TryAgainShortly,
        [ErrorCodes.StoreUnavailable] = TryAgainShortly,
        [GatewayErrorCodes.RequestTimeout] = TryAgainShortly,
        [GatewayErrorCodes.InternalError] = new("システムエラーが発生しました。最初からやり直してください。", "An internal error occurred. Please start again.",
            "发生系统错误。请从头开始。", "시스템 오류가 발생했습니다. 처음부터 다시 해 주십시오.", "Ocorreu um erro interno. Recomece.", "Se ha producido un error interno. Vuelva a empezar."),
        [GatewayErrorCodes.RateLimited] = new("操作が集中しています。しばらくしてからお試しください。", "Too many requests. Please try again shortly.",
            "请求过多。请稍后再试。", "요청이 너무 많습니다. 잠시 후 다시 시도해 주십시오.", "Solicitações demais. Tente novamente em instantes.", "Demasiadas solicitudes. Inténtelo de nuevo en unos momentos."),
        [GatewayErrorCodes.Overloaded] = new("ただいま大変混み合っています。しばらくしてからお試しください。", "The service is busy. Please try again shortly.",
            "服务繁忙。请稍后再试。", "지금은 서비스가 매우 혼잡합니다. 잠시 후 다시 시도해 주십시오.", "O serviço está sobrecarregado. Tente novamente em instantes.",
            "El servicio está saturado. Inténtelo de nuevo en unos momentos."),
        [ErrorCodes.StepOutOfOrder] = new("この操作は今は行えません。", "This step is not allowed now.", "现在无法进行此操作。", "지금은 이 조작을 할 수 없습니다.",
            "Esta etapa não é permitida agora.", "Este paso no está permitido ahora."),
        [ErrorCodes.ResidentUnknown] = new("住民情報が見つかりません。市区町村の窓口にお問い合わせください。", "No resident record was found for this card. Please ask at your municipal office.",
            "找不到此卡对应的居民信息。请向市区町村窗口咨询。", "이 카드에 해당하는 주민 정보가 없습니다. 시구정촌 창구에 문의해 주십시오.",
            "Não foi encontrado registro de residente para este cartão. Informe-se no balcão da prefeitura.",
            "No se encontró un registro de residente para esta tarjeta. Consulte en la ventanilla del ayuntamiento."),
        [ErrorCodes.MunicipalityNotServed] = new("この市区町村はコンビニ交付を行っていません。", "This municipality is not served here.", "该市区町村不提供便利店交付服务。",
            "이 시구정촌은 편의점 발급을 하지 않습니다.", "Este município não é atendido aqui.", "Este municipio no se atiende aquí."),
        [ErrorCodes.MunicipalityMismatch] = new("選択された市区町村にお住まいの方のカードではありません。", "The card holder does not live in the chosen municipality.",
            "持卡人不居住在所选的市区町村。", "선택하신 시구정촌에 거주하시는 분의 카드가 아닙니다.", "O titular do cartão não mora no município escolhido.",
            "El titular de la tarjeta no vive en el municipio elegido."),
        [ErrorCodes.CertificateTypeUnknown] = new("この証明書の種類は取り扱っていません。", "Unknown certificate type.", "不受理此种类的证明书。", "취급하지 않는 증명서 종류입니다.",
            "Tipo de certificado desconhecido.", "Tipo de certificado desconocido."),
        [ErrorCodes.CopiesOutOfRange] = new("通数が範囲外です。", "The number of copies is out of range.", "份数超出范围。", "통수가 범위를 벗어났습니다.",
            "O número de cópias está fora do limite.", "El número de copias está fuera del límite."),
        [ErrorCodes.PaymentAmountMismatch] = new("お支払い金額が手数料と一致しません。", "The payment does not match the fee.", "支付金额与手续费不符。", "결제 금액이 수수료와 일치하지 않습니다.",
            "O pagamento não corresponde à taxa.", "El pago no coincide con la tarifa."),
        [ErrorCodes.CertificateNumberMismatch] = new("印刷された証明書番号が交付したものと一致しません。", "The printed certificate number is not the issued one.",
            "打印的证明书编号与交付的编号不一致。", "인쇄된 증명서 번호가 발급된 번호와 일치하지 않습니다.", "O número impresso do certificado não é o emitido.",
            "El número de certificado impreso no es el emitido."),
        [ErrorCodes.CertificateRefused] = new("この証明書は交付できなくなりました。", "The certificate can no longer be issued.", "此证明书已无法交付。", "이 증명서는 더 이상 발급할 수 없습니다.",
            "O certificado não pode mais ser emitido.", "El certificado ya no se puede emitir."),
        [ErrorCodes.ServiceClosed] = new("ただいまサービス時間外です。", "The service is closed now.", "现在不在服务时间内。", "지금은 서비스 시간이 아닙니다.",
            "O serviço está fechado agora.", "El servicio está cerrado ahora."),
        [ErrorCodes.ServiceStopped] = new("現在、証明書のコンビニ交付を停止しています。", "Store issuance of certificates is stopped for now.", "目前已暂停便利店证明书交付服务。",
            "현재 증명서 편의점 발급을 중지하고 있습니다.", "A emissão de certificados em lojas está suspensa no momento.", "La emisión de certificados en tiendas está detenida por el momento."),
        [ErrorCodes.OptionNotAllowed] = new("選択された記載事項ではコンビニ交付できません。", "This option is not available for this certificate.", "所选的记载事项无法在便利店交付。",
            "선택하신 기재사항으로는 편의점에서 발급할 수 없습니다.", "Esta opção não está disponível para este certificado.", "Esta opción no está disponible para este certificado."),
        [ErrorCodes.FieldNotAccepted] = new("受け付けられない項目があります。", "A field is not accepted.", "有不予受理的项目。", "받을 수 없는 항목이 있습니다.",
            "Um campo não é aceito.", "Un campo no se acepta."),
        [ErrorCodes.DocumentBindingFailed] = new("証明書の照合に失敗したため、交付を中止しました。料金は返金されます。", "The document failed its binding check and was withheld. The fee will be refunded.",
            "证明书核对失败，已停止交付。手续费将退还。", "증명서 대조에 실패하여 발급을 중단했습니다. 요금은 환불됩니다.",
            "O documento falhou na verificação e foi retido. A taxa será reembolsada.", "El documento no superó la verificación y se retuvo. Se reembolsará la tarifa."),
        [DomicileReasons.NoDomicile] = new("本籍地は、ここで利用登録を受け付けている他の市区町村にはありません。",
            "Your registered domicile (honseki) is in no other municipality that takes registrations here.",
            "您的本籍不在此处受理使用登记的其他市区町村。", "본적지가 여기에서 이용 등록을 받는 다른 시구정촌에 있지 않습니다.",
            "O seu domicílio permanente (honseki) não fica em nenhum outro município que aceite cadastros aqui.",
            "Su domicilio permanente (honseki) no está en ningún otro municipio que acepte registros aquí."),
        [DomicileReasons.NotServed] = new("本籍地の市区町村は、ここでの利用登録を受け付けていません。", "The municipality of your registered domicile (honseki) does not take registrations here.",
            "本籍地的市区町村不在此处受理使用登记。", "본적지 시구정촌은 여기에서 이용 등록을 받지 않습니다.",
            "O município do seu domicílio permanente (honseki) não aceita cadastros aqui.", "El municipio de su domicilio permanente (honseki) no acepta registros aquí."),
        [DomicileReasons.OwnMunicipality] = new("本籍はお住まいの市区町村にあります。", "Your registered domicile (honseki) is in your own municipality.", "您的本籍在您居住的市区町村。",
            "본적이 거주하시는 시구정촌에 있습니다.", "O seu domicílio permanente (honseki) fica no seu próprio município.", "Su domicilio permanente (honseki) está en su propio municipio."),
        [DomicileReasons.NoMatch] = new("本籍地の戸籍に申請者と一致するものがありません。", "No register of the municipality of your registered domicile (honseki) matches you.",
            "本籍地的户籍中没有与申请人相符的记录。", "본적지 호적에 신청자와 일치하는 기록이 없습니다.",
            "Nenhum registro familiar do município do seu domicílio permanente corresponde a você.", "Ningún registro familiar del municipio de su domicilio permanente coincide con usted."),
        [DomicileReasons.NotPending] = new("この利用登録は審査待ちではありません。", "The registration is not waiting for a decision.", "此使用登记并非待审查状态。",
            "이 이용 등록은 심사 대기 상태가 아닙니다.", "O cadastro não está aguardando uma decisão.", "El registro no está pendiente de una decisión."),
        [DomicileReasons.Unknown] = new("この方の利用登録はありません。", "No registration for this resident.", "此居民没有使用登记。", "이 주민의 이용 등록이 없습니다.",
            "Não há cadastro para este residente.", "No hay registro para este residente."),
        [GatewayErrorCodes.PdfTooComplex] = new("PDFが確認の上限を超えています。", "The PDF exceeds the limits of the check.", "PDF超出了核验的上限。", "PDF가 확인 한도를 초과합니다.",
            "O PDF excede os limites da verificação.", "El PDF supera los límites de la verificación."),
        [GatewayErrorCodes.WitnessMismatch] = new("立会人の連署がこの記録の連鎖と一致しません。", "The witness cosignature does not match this chain.", "见证人的联署与此记录链不符。",
            "입회인의 연서가 이 기록 체인과 일치하지 않습니다.", "A cossignatura da testemunha não corresponde a esta cadeia.", "La cofirma del testigo no coincide con esta cadena."),
        [GatewayErrorCodes.PurposeRequired] = new("個人情報の閲覧には目的の記載が必要です。", "A read of personal data needs a stated purpose.", "查阅个人信息需要说明目的。",
            "개인정보 열람에는 목적 기재가 필요합니다.", "A leitura de dados pessoais exige uma finalidade declarada.", "La lectura de datos personales requiere indicar una finalidad."),
        [GatewayErrorCodes.AdminKeyRequired] = new("管理者キーが必要です。", "An administrator key is required.", "需要管理员密钥。", "관리자 키가 필요합니다.",
            "É necessária uma chave de administrador.", "Se requiere una clave de administrador."),
        [GatewayErrorCodes.RegistryKeyRequired] = new("住民記録システムのキーが必要です。", "A registry system key is required.", "需要居民记录系统的密钥。", "주민기록 시스템 키가 필요합니다.",
            "É necessária uma chave do sistema de registro.", "Se requiere una clave del sistema de registro."),
        [ScopedKeys.RevokedCode] = new("このキーは失効しています。", "This key has been revoked.", "此密钥已被吊销。", "이 키는 폐기되었습니다.", "Esta chave foi revogada.", "Esta clave ha sido revocada."),
        [ScopedKeys.UnknownCode] = new("このIDのキーはありません。", "No minted key has this id.", "没有此ID的密钥。", "이 ID의 키가 없습니다.", "Nenhuma chave emitida tem este id.", "Ninguna clave emitida tiene este id."),
        [GatewayErrorCodes.RecordRejected] = new("記録が受け付けられませんでした。", "The record was rejected.", "记录未被受理。", "기록이 거부되었습니다.", "O registro foi rejeitado.", "El registro fue rechazado."),
        [GatewayErrorCodes.OutOfScope] = new("このキーはこの市区町村またはこの操作には使えません。", "This key is not for this municipality or this operation.",
            "此密钥不能用于该市区町村或该操作。", "이 키는 이 시구정촌 또는 이 조작에 사용할 수 없습니다.", "Esta chave não serve para este município ou esta operação.",
            "Esta clave no sirve para este municipio o esta operación."),
        [ErrorCodes.IssuingKeyUnknown] = new("該当する発行鍵がありません。", "No such issuing key.", "没有相应的签发密钥。", "해당하는 발급 키가 없습니다.",
            "Chave de emissão inexistente.", "La clave de emisión no existe."),
        [ErrorCodes.InvalidConfiguration] = new("設定が正しくありません。", "The configuration is not valid.", "设置不正确。", "설정이 올바르지 않습니다.",
            "A configuração não é válida.", "La configuración no es válida."),
        [ErrorCodes.VersionConflict] = new("読み込んだ後に設定が変更されています。", "The configuration has changed since it was read.", "设置在读取后已被更改。",
            "읽어 온 뒤에 설정이 변경되었습니다.", "A configuração mudou desde que foi lida.", "La configuración ha cambiado desde que se leyó."),
        [ErrorCodes.SwitchesChanged] = new("読み込んだ後に停止スイッチが変更されています。", "The stop switches have changed since they were read.", "停止开关在读取后已被更改。",
            "읽어 온 뒤에 중지 스위치가 변경되었습니다.", "Os interruptores de parada mudaram desde que foram lidos.", "Los interruptores de parada han cambiado desde que se leyeron."),
    };
}
