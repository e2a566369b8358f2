using CertOrleans.Contracts.Certificates;

namespace CertOrleans.Gateway.Languages;

/// <summary>
/// What the kiosk tells a resident for each refusal code: the problem's title, and the menu offer's refusal message.
/// A new <see cref="RefusalCodes"/> code needs a row here (the tests enumerate the constants). Sensitive reasons
/// and a death read as the neutral "ask at the office": an onlooker may read the screen.
/// </summary>
public static class RefusalTexts
{
    private static readonly Translations AskAtOffice = new(
        "この証明書はコンビニエンスストアでは交付できません。お住まいの市区町村の窓口にお問い合わせください。",
        "This certificate cannot be issued at a store. Please ask at your municipal office.",
        "此证明书无法在便利店交付。请向您居住地的市区町村窗口咨询。",
        "이 증명서는 편의점에서 발급할 수 없습니다. 거주하시는 시구정촌 창구에 문의해 주십시오.",
        "Este certificado não pode ser emitido na loja de conveniência. Informe-se no balcão da prefeitura onde você mora.",
        "Este certificado no se puede emitir en la tienda de conveniencia. Consulte en la ventanilla del ayuntamiento de su localidad.");

    private static readonly Translations MovedOut = new(
        "転出された方・転出届を出された方は、コンビニ交付をご利用いただけません。",
        "Store issuance is not available after you have moved out or filed a notice of moving out.",
        "已迁出或已提交迁出申报的人士无法使用便利店交付服务。",
        "전출하셨거나 전출신고를 하신 분은 편의점 발급을 이용하실 수 없습니다.",
        "Quem se mudou ou entregou a notificação de mudança para outro município não pode usar a emissão na loja de conveniência.",
        "Si se ha mudado o ha presentado la notificación de traslado, no puede usar la emisión en tiendas de conveniencia.");

    /// <summary>The problem's detail for every refusal: the grain's own detail is English for the record, this is for the screen.</summary>
    public static readonly Translations Detail = new(
        "この方の証明書は、コンビニエンスストアでは交付できません。",
        "This certificate cannot be issued at a store for this card holder.",
        "无法在便利店为此持卡人交付该证明书。",
        "이 카드 소지자의 증명서는 편의점에서 발급할 수 없습니다.",
        "Este certificado não pode ser emitido na loja de conveniência para o titular deste cartão.",
        "Este certificado no se puede emitir en la tienda de conveniencia para el titular de esta tarjeta.");

    public static readonly IReadOnlyDictionary<string, Translations> Messages = new Dictionary<string, Translations>
    {
        [RefusalCodes.SupportMeasures] = AskAtOffice,
        [RefusalCodes.ContactOffice] = AskAtOffice,
        [RefusalCodes.Deceased] = AskAtOffice,
        [RefusalCodes.MovedOut] = MovedOut,
        [RefusalCodes.MoveOutFiled] = MovedOut,
        [RefusalCodes.MovedInToday] = new(
            "転入・転居の当日はコンビニ交付をご利用いただけません。明日以降にご利用ください。",
            "Store issuance is not available on the day you moved in or changed address. Please try again from tomorrow.",
            "迁入或迁居当天无法使用便利店交付服务。请于明天以后再使用。",
            "전입·전거 당일에는 편의점 발급을 이용하실 수 없습니다. 내일 이후에 이용해 주십시오.",
            "A emissão na loja de conveniência não está disponível no dia da mudança. Tente novamente a partir de amanhã.",
            "La emisión en tiendas de conveniencia no está disponible el día del traslado. Inténtelo de nuevo a partir de mañana."),
        [RefusalCodes.UnderFifteen] = new(
            "15歳未満の方はコンビニ交付をご利用いただけません。",
            "Residents under 15 cannot use store issuance.",
            "未满15岁者无法使用便利店交付服务。",
            "15세 미만인 분은 편의점 발급을 이용하실 수 없습니다.",
            "Menores de 15 anos não podem usar a emissão na loja de conveniência.",
            "Los menores de 15 años no pueden usar la emisión en tiendas de conveniencia."),
        [RefusalCodes.UnprintableCharacters] = new(
            "お名前またはご住所に使用されている文字の都合により、窓口での交付となります。",
            "Because of the characters in your name or address, this certificate is issued at the municipal office counter only.",
            "由于您的姓名或地址中使用的文字无法在此打印，请到市区町村窗口办理。",
            "성명 또는 주소에 사용된 문자 때문에 창구에서만 발급해 드립니다.",
            "Devido aos caracteres do seu nome ou endereço, este certificado só pode ser emitido no balcão da prefeitura.",
            "Debido a los caracteres de su nombre o dirección, este certificado solo se emite en la ventanilla del ayuntamiento."),
        [RefusalCodes.NotOffered] = new(
            "この証明書はお住まいの市区町村ではコンビニ交付の対象外です。",
            "Your municipality does not issue this certificate at stores.",
            "您居住的市区町村不在便利店交付此证明书。",
            "거주하시는 시구정촌에서는 이 증명서를 편의점에서 발급하지 않습니다.",
            "O seu município não emite este certificado em lojas de conveniência.",
            "Su municipio no emite este certificado en tiendas de conveniencia."),
        [RefusalCodes.HouseholdMoveOutPending] = new(
            "転出予定の方がいる世帯の住民票（世帯全員）は交付できません。",
            "A Certificate of Residence for the whole household cannot be issued while a member of the household is about to move out.",
            "户内有预定迁出的成员时，无法交付全户的住民票。",
            "전출 예정인 분이 있는 세대의 주민표(세대원 전원)는 발급할 수 없습니다.",
            "O atestado de residência de todo o domicílio não pode ser emitido enquanto um dos membros estiver para se mudar.",
            "No se puede emitir el certificado de residencia de todo el hogar mientras uno de sus miembros vaya a mudarse."),
        [RefusalCodes.SealNotRegistered] = new(
            "印鑑登録がありません。",
            "You have no registered seal.",
            "您没有进行印章登记。",
            "인감 등록이 되어 있지 않습니다.",
            "Você não tem carimbo (inkan) registrado.",
            "No tiene un sello (inkan) registrado."),
        [RefusalCodes.SealAbolished] = new(
            "印鑑登録が廃止されています。",
            "Your seal registration has been cancelled.",
            "您的印章登记已被注销。",
            "인감 등록이 폐지되었습니다.",
            "O seu registro de carimbo foi cancelado.",
            "Su registro de sello ha sido cancelado."),
        [RefusalCodes.RegisterMemberNotAllowed] = new(
            "この方の戸籍個人事項証明書はコンビニ交付できません（配偶者・父母・子の方のみ）。窓口にお問い合わせください。",
            "Only the family register record of your spouse, a parent or a child can be issued at a store. Please ask at the municipal office.",
            "在便利店只能交付配偶、父母或子女的户籍个人事项证明书。请向市区町村窗口咨询。",
            "편의점에서는 배우자·부모·자녀의 호적 개인사항증명서만 발급할 수 있습니다. 창구에 문의해 주십시오.",
            "Na loja de conveniência só se emite o registro familiar do cônjuge, do pai, da mãe ou de um filho. Informe-se no balcão da prefeitura.",
            "En la tienda de conveniencia solo se emite el registro familiar del cónyuge, del padre, de la madre o de un hijo. Consulte en la ventanilla del ayuntamiento."),
        [RefusalCodes.RegisterMemberRemoved] = new(
            "除籍された方の証明書はコンビニ交付できません。窓口にお問い合わせください。",
            "A certificate for a person removed from the family register cannot be issued at a store. Please ask at the municipal office.",
            "已从户籍中除籍的人士的证明书无法在便利店交付。请向市区町村窗口咨询。",
            "호적에서 제적된 분의 증명서는 편의점에서 발급할 수 없습니다. 창구에 문의해 주십시오.",
            "O certificado de uma pessoa retirada do registro familiar não pode ser emitido na loja de conveniência. Informe-se no balcão da prefeitura.",
            "El certificado de una persona dada de baja del registro familiar no se puede emitir en la tienda de conveniencia. Consulte en la ventanilla del ayuntamiento."),
        [RefusalCodes.RegisterChanged] = new(
            "戸籍の記録が更新されました。最初からやり直してください。",
            "The family register was updated. Please start again from the beginning.",
            "户籍记录已更新。请从头重新操作。",
            "호적 기록이 갱신되었습니다. 처음부터 다시 해 주십시오.",
            "O registro familiar foi atualizado. Recomece desde o início.",
            "El registro familiar se ha actualizado. Vuelva a empezar desde el principio."),
        [RefusalCodes.PeriodOfStayExpired] = new(
            "在留期間の満了日を過ぎているため、コンビニ交付をご利用いただけません。市区町村の窓口にお越しください。",
            "Your period of stay has passed its end date, so store issuance is not available. Please come to your municipal office, where an extension can be checked.",
            "您的在留期间已过期满日，无法使用便利店交付服务。请到市区町村窗口办理。",
            "재류기간 만료일이 지났으므로 편의점 발급을 이용하실 수 없습니다. 시구정촌 창구를 방문해 주십시오.",
            "O seu período de permanência passou da data de término, por isso a emissão na loja de conveniência não está disponível. Dirija-se ao balcão da prefeitura.",
            "Su período de estancia ha pasado la fecha de vencimiento, por lo que la emisión en tiendas de conveniencia no está disponible. Acuda a la ventanilla del ayuntamiento."),
        [RefusalCodes.HouseholdPeriodOfStayExpired] = new(
            "在留期間の満了日を過ぎている方がいる世帯の住民票（世帯全員）は、窓口での交付となります。",
            "A Certificate of Residence for the whole household is issued at the municipal office when a member's period of stay has passed its end date.",
            "户内有在留期间已过期满日的成员时，全户的住民票需到窗口办理。",
            "재류기간 만료일이 지난 분이 있는 세대의 주민표(세대원 전원)는 창구에서 발급해 드립니다.",
            "O atestado de residência de todo o domicílio é emitido no balcão da prefeitura quando o período de permanência de um membro já terminou.",
            "El certificado de residencia de todo el hogar se emite en la ventanilla del ayuntamiento cuando el período de estancia de un miembro ha vencido."),
        [RefusalCodes.TaxDataAbsent] = new(
            "選択された年度の課税情報がないため交付できません。窓口にお問い合わせください。",
            "There is no tax information for the chosen fiscal year, so the certificate cannot be issued. Please ask at the municipal office.",
            "由于没有所选年度的课税信息，无法交付。请向市区町村窗口咨询。",
            "선택하신 연도의 과세 정보가 없어 발급할 수 없습니다. 창구에 문의해 주십시오.",
            "Não há informações de tributação do ano fiscal escolhido, por isso o certificado não pode ser emitido. Informe-se no balcão da prefeitura.",
            "No hay información tributaria del año fiscal elegido, por lo que no se puede emitir el certificado. Consulte en la ventanilla del ayuntamiento."),
        [RefusalCodes.FiscalYearNotOffered] = new(
            "選択された年度の証明書はコンビニ交付の対象外です。窓口にお問い合わせください。",
            "Certificates of the chosen fiscal year are not issued at stores. Please ask at the municipal office.",
            "所选年度的证明书不在便利店交付。请向市区町村窗口咨询。",
            "선택하신 연도의 증명서는 편의점에서 발급하지 않습니다. 창구에 문의해 주십시오.",
            "Certificados do ano fiscal escolhido não são emitidos na loja de conveniência. Informe-se no balcão da prefeitura.",
            "Los certificados del año fiscal elegido no se emiten en tiendas de conveniencia. Consulte en la ventanilla del ayuntamiento."),
        [RefusalCodes.NotTaxExempt] = new(
            "この年度は課税されているため、非課税証明書は交付できません。",
            "You were taxed for this fiscal year, so a certificate of non-taxation cannot be issued.",
            "您在该年度已被课税，因此无法交付非课税证明书。",
            "해당 연도에 과세되어 있으므로 비과세 증명서를 발급할 수 없습니다.",
            "Houve tributação neste ano fiscal, por isso o certificado de não tributação não pode ser emitido.",
            "Usted tributó en este año fiscal, por lo que no se puede emitir el certificado de no tributación."),
        [RefusalCodes.TaxUnpaid] = new(
            "未納の税額があるため、納税証明書はコンビニ交付できません。窓口にお問い合わせください。",
            "There is unpaid tax, so a certificate of tax payment cannot be issued at a store. Please ask at the municipal office.",
            "由于有未缴税款，无法在便利店交付纳税证明书。请向市区町村窗口咨询。",
            "미납 세액이 있어 납세 증명서를 편의점에서 발급할 수 없습니다. 창구에 문의해 주십시오.",
            "Há impostos não pagos, por isso o certificado de pagamento não pode ser emitido na loja de conveniência. Informe-se no balcão da prefeitura.",
            "Hay impuestos pendientes de pago, por lo que el certificado de pago no se puede emitir en la tienda de conveniencia. Consulte en la ventanilla del ayuntamiento."),
        [RefusalCodes.FamilyRegisterElsewhere] = new(
            "本籍がこの市区町村にないため、この戸籍の証明書は交付できません。",
            "Your family register (koseki) is not kept in this municipality, so this certificate cannot be issued here.",
            "您的本籍不在此市区町村，因此无法在此交付该户籍证明书。",
            "본적이 이 시구정촌에 없으므로 이 호적 증명서는 발급할 수 없습니다.",
            "O seu registro familiar (koseki) não está neste município, por isso este certificado não pode ser emitido aqui.",
            "Su registro familiar (koseki) no está en este municipio, por lo que este certificado no se puede emitir aquí."),
        [RefusalCodes.FamilyRegisterPending] = new(
            "戸籍の届出を処理中のため、まだ交付できません。窓口にお問い合わせください。",
            "A notification to your family register is still being processed, so this certificate cannot be issued yet. Please ask at the municipal office.",
            "您的户籍申报尚在处理中，暂时无法交付。请向市区町村窗口咨询。",
            "호적 신고를 처리 중이므로 아직 발급할 수 없습니다. 창구에 문의해 주십시오.",
            "Uma notificação ao seu registro familiar ainda está em processamento, por isso o certificado ainda não pode ser emitido. Informe-se no balcão da prefeitura.",
            "Una notificación a su registro familiar aún se está tramitando, por lo que todavía no se puede emitir. Consulte en la ventanilla del ayuntamiento."),
        [RefusalCodes.DomicileNotRegistered] = new(
            "本籍地の証明書は、このカードでの本籍地の市区町村への利用登録（承認済み）が必要です。",
            "Certificates from the municipality of your registered domicile (honseki) need an approved registration with it, made with this card.",
            "本籍地的证明书需要使用本卡向本籍地的市区町村进行使用登记（已获批准）。",
            "본적지의 증명서는 이 카드로 본적지 시구정촌에 이용 등록(승인 완료)이 되어 있어야 합니다.",
            "Os certificados do município do seu domicílio permanente (honseki) exigem um cadastro aprovado nesse município, feito com este cartão.",
            "Los certificados del municipio de su domicilio permanente (honseki) requieren un registro aprobado en ese municipio, hecho con esta tarjeta."),
    };

    public static bool IsRefusal(string code) => code.StartsWith("refused-", StringComparison.Ordinal);

    /// <summary>The message for a refusal code; an unknown one (a newer silo's) reads as "ask at the office".</summary>
    public static Translations For(string code) => Messages.TryGetValue(code, out var message) ? message : AskAtOffice;
}
